package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.scheduling.Scheduling;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.watch.TaskReport;

/**
 * The ECS API's handle on {@link dev.svcconnect.controlplane.scheduling}: what the watch API and
 * the server ask of scheduling, by the names they know.
 */
public final class Scheduler {

    private final Scheduling scheduling;

    public Scheduler(EcsRegistry registry) {
        requireNonNull(registry, "registry");
        this.scheduling = new Scheduling(registry.names(), registry.cloudMap());
    }

    /** The scheduling parts this control plane runs with. */
    public Scheduling scheduling() {
        return scheduling;
    }

    /**
     * Applies a host agent's report about a task, then reconciles its service; see {@link
     * dev.svcconnect.controlplane.scheduling.TaskReportApplier}.
     *
     * @return the task as it is now
     */
    public ObjectNode applyReport(Transaction tx, ObjectNode task, TaskReport report) {
        return scheduling.reports().apply(tx, Task.of(task), report).json();
    }
}
