package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.store.Transaction;

/**
 * Asks tasks to stop: the desired status becomes STOPPED with a reason, the task's Cloud Map
 * instances go at once, and a task that no host runs yet stops on the spot.
 */
public final class TaskStopper {

    private final ResourceNames names;
    private final ServiceDiscovery discovery;

    public TaskStopper(ResourceNames names, ServiceDiscovery discovery) {
        this.names = requireNonNull(names, "names");
        this.discovery = requireNonNull(discovery, "discovery");
    }

    /** Asks a task that should run to stop, and saves it; does nothing for any other task. */
    public void stop(Transaction tx, Task task, String reason, String stopCode) {
        if (!task.wantsToRun()) {
            return;
        }
        task.requestStop(names.now(), reason, stopCode);
        discovery.deregister(tx, task);
        if (!task.isPlaced()) {
            task.markStopped(names.now());
        }
        task.bumpVersion().save(tx);
    }
}
