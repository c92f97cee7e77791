package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.scheduling.Scheduling;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.watch.TaskReport;

/**
 * The ECS API's handle on {@link dev.svcconnect.controlplane.scheduling}: what the watch API and
 * the server ask of scheduling, by the names they know. The attribute statics are kept for the
 * watch package until it reads {@link Attributes} and {@link Task} itself; then they go.
 */
public final class Scheduler {

    /** Task attribute: see {@link Attributes#ADDRESS}. */
    public static final String ADDRESS = Attributes.ADDRESS;
    /** Task attribute: see {@link Attributes#APP_ADDRESS}. */
    public static final String APP_ADDRESS = Attributes.APP_ADDRESS;
    /** Task attribute: see {@link Attributes#ALIAS_PREFIX}. */
    public static final String ALIAS_PREFIX = Attributes.ALIAS_PREFIX;
    /** Task attribute: see {@link Attributes#ADMIN_ADDRESS}. */
    public static final String ADMIN_ADDRESS = Attributes.ADMIN_ADDRESS;
    /** Task attribute: see {@link Attributes#START_AFTER}. */
    public static final String START_AFTER = Attributes.START_AFTER;

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

    /** The value of an ECS attribute of a task or host, or null; see {@link Task#attribute}. */
    public static String attribute(ObjectNode taskOrHost, String name) {
        return Task.of(taskOrHost).attribute(name);
    }

    /** The port a task's inbound proxy listens on for an entry; see {@link Task#inboundPort}. */
    public static int inboundPort(ObjectNode task, ObjectNode taskDefinition, JsonNode entry) {
        return Task.of(task).inboundPort(TaskDefinition.of(taskDefinition), ServiceConnectEntry.of(entry));
    }
}
