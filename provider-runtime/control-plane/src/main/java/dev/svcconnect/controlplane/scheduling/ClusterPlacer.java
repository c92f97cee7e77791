package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.UUID;

/**
 * Carries out {@link Placement} in a cluster: places and saves the tasks it found a host for; for a
 * task that fits nowhere (it stays PROVISIONING), its service says why in an event, once.
 */
public final class ClusterPlacer {

    static final String UNPLACEABLE = "was unable to place a task because no container instance met all of its"
            + " requirements: not enough CPU units or memory left on the cluster's hosts.";

    private final ResourceNames names;

    public ClusterPlacer(ResourceNames names) {
        this.names = requireNonNull(names, "names");
    }

    /** Places every unplaced task of the cluster with this ARN that should run, where a host has room. */
    public void placeTasks(Transaction tx, String clusterArn) {
        for (Placement.Decision decision :
                Placement.decide(Host.inCluster(tx, clusterArn), Task.inCluster(tx, clusterArn))) {
            Task task = decision.task();
            if (decision.host().isPresent()) {
                task.place(decision.host().get().arn()).bumpVersion().save(tx);
            } else {
                task.owner(tx).ifPresent(service -> unplaceable(tx, service));
            }
        }
    }

    private void unplaceable(Transaction tx, Service service) {
        if (service.latestEventMessage().endsWith(UNPLACEABLE)) {
            return;
        }
        service.addEvent(UUID.randomUUID().toString(), names.now(), UNPLACEABLE);
        service.save(tx);
    }
}
