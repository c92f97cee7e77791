package dev.svcconnect.controlplane.scheduling;

import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tasks of a DAEMON service: one on each ACTIVE host of its cluster and launch type. Its
 * desired count is the number of such hosts; a new task goes to a host without one of the
 * service's tasks that should run, so a host that joins gets one and a rolling deployment (100%
 * maximum, 0% minimum healthy) replaces them host by host.
 */
final class DaemonTasks {

    private DaemonTasks() {}

    /** The ACTIVE hosts a DAEMON service runs a task on, by ARN. */
    static List<Host> hosts(Transaction tx, Service service) {
        return Host.inCluster(tx, service.clusterArn()).stream()
                .filter(h -> h.isActive() && service.launchType().equals(h.launchType()))
                .toList();
    }

    /** Places the service's unplaced tasks on the hosts that have none of its tasks, one each. */
    static void pin(Transaction tx, Service service) {
        Set<String> taken = new HashSet<>();
        List<Task> unplaced = new ArrayList<>();
        for (Task task : Task.ofService(tx, service.arn())) {
            if (!task.wantsToRun()) {
                continue;
            }
            if (task.isPlaced()) {
                taken.add(task.hostArn());
            } else {
                unplaced.add(task);
            }
        }
        for (Host host : hosts(tx, service)) {
            if (unplaced.isEmpty()) {
                return;
            }
            if (taken.add(host.arn())) {
                unplaced.remove(0).place(host.arn()).bumpVersion().save(tx);
            }
        }
    }
}
