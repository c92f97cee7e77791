package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.store.NotLeaderException;
import dev.svcconnect.controlplane.store.Store;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check for lost hosts that every replica runs each second: each learns the heartbeats the
 * others recorded, and the one that leads replaces the tasks of hosts that sent none for the registry's
 * loss timeout. A failure waits for the next round. Not thread-safe: one thread runs
 * it.
 *
 * <p>A replica that starts leading gives every host a whole timeout from then, as a restarted
 * control plane does: it took the lead because none held it (the leader killed, or the store down
 * or refusing writes for more than a few seconds), and meanwhile heartbeats may have been sent
 * that no replica could record. Without this, a store outage of 20 s would cost hosts whose last
 * heartbeat came 10 s before it their tasks the moment the store is back.
 */
public final class HostLossSweep {

    private static final Logger LOG = LoggerFactory.getLogger("control-plane");

    private final Store store;
    private final HostRegistry hosts;
    private boolean leading;

    public HostLossSweep(Store store, HostRegistry hosts) {
        this.store = requireNonNull(store, "store");
        this.hosts = requireNonNull(hosts, "hosts");
    }

    /** One round. */
    public void run() {
        // Whether this replica leads is known without the store: a change of role during an
        // outage is seen even while every round fails.
        boolean wasLeading = leading;
        leading = store.isLeader();
        try {
            hosts.heardFrom(store.heartbeats());
            if (!leading) {
                return;
            }
            if (!wasLeading) {
                hosts.countFromNow();
            }
            List<String> lost = store.read(hosts::lostHosts);
            for (String hostId : lost) {
                LOG.info(
                        "host {} lost: no heartbeat for {} s; replacing its tasks",
                        hostId,
                        hosts.lossTimeout().toSeconds());
                store.writeAsLeader(tx -> {
                    hosts.markLost(tx, hostId);
                    return null;
                });
            }
        } catch (NotLeaderException e) {
            LOG.info("not replacing the tasks of lost hosts: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("checking for lost hosts: {}", e.getMessage());
        }
    }
}
