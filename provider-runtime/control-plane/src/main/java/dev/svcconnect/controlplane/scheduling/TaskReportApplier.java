package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.watch.TaskReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a host agent's report about a task: its state, address, health and, once stopped, the
 * reason. Registers the task's Cloud Map instances when it runs and deregisters them when it
 * leaves; a task that stopped without being asked counts as a failed task of its deployment. Then
 * its service is reconciled: after a RUNNING report, only as far as the report can change it
 * ({@link ServiceReconciler#reconcileRunning}).
 */
public final class TaskReportApplier {

    private final ResourceNames names;
    private final ServiceDiscovery discovery;
    private final ServiceReconciler reconciler;

    public TaskReportApplier(ResourceNames names, ServiceDiscovery discovery, ServiceReconciler reconciler) {
        this.names = requireNonNull(names, "names");
        this.discovery = requireNonNull(discovery, "discovery");
        this.reconciler = requireNonNull(reconciler, "reconciler");
    }

    /**
     * Applies {@code report} to {@code task}, saves it and reconciles its service; a task that has
     * STOPPED stays as it is, whatever is reported of it.
     */
    public Task apply(Transaction tx, Task task, TaskReport report) {
        TaskStatus status = TaskStatus.parse(report.lastStatus(), "lastStatus");
        if (task.isStopped()) {
            // STOPPED is final. The agent of a host that was lost, back from its partition, still
            // reports the task it ran until it learns the task was stopped; a RUNNING report would
            // otherwise bring a task back that was replaced meanwhile.
            return task;
        }
        TaskStatus before = task.lastStatus();
        task.lastStatus(status);
        if (report.healthStatus() != null) {
            task.healthStatus(report.healthStatus());
        }
        task.svcConnectAttributes(attributes(task, report));
        task.containersReport(status, task.attribute(Attributes.ADDRESS), report.exitCode());
        boolean wanted = task.desiredStatus() == TaskStatus.RUNNING;
        switch (status) {
            case RUNNING -> {
                task.markStarted(names.now());
                if (wanted) {
                    discovery.register(tx, task);
                }
            }
            case STOPPED -> {
                if (wanted) {
                    recordFailure(tx, task);
                }
                if (report.stoppedReason() != null) {
                    task.stoppedReason(report.stoppedReason());
                }
                if (!task.hasStopCode()) {
                    task.stopCode("EssentialContainerExited");
                }
                discovery.deregister(tx, task);
                task.markStopped(names.now());
            }
            default -> {
                if (!wanted || status.isLeaving()) {
                    discovery.deregister(tx, task);
                }
            }
        }
        task.bumpVersion().save(tx);
        if (status == TaskStatus.RUNNING) {
            reconciler.reconcileRunning(tx, task, before);
        } else {
            reconciler.reconcileOwner(tx, task);
        }
        return task;
    }

    /**
     * The task's svc-connect attributes after the report: what it says, else what the task had;
     * the ingress ports of the report replace all the task had, when it gives any.
     */
    private static Map<String, String> attributes(Task task, TaskReport report) {
        Map<String, String> previous = task.svcConnectAttributes();
        Map<String, String> next = new LinkedHashMap<>();
        next.put(Attributes.ADDRESS, orElse(report.address(), previous.get(Attributes.ADDRESS)));
        next.put(Attributes.APP_ADDRESS, orElse(report.appAddress(), previous.get(Attributes.APP_ADDRESS)));
        next.put(Attributes.ALIAS_PREFIX, orElse(report.aliasPrefix(), previous.get(Attributes.ALIAS_PREFIX)));
        next.put(Attributes.ADMIN_ADDRESS, orElse(report.adminAddress(), previous.get(Attributes.ADMIN_ADDRESS)));
        next.put(Attributes.CLIENT_NAMESPACE, previous.get(Attributes.CLIENT_NAMESPACE));
        report.ingressPorts().forEach((name, port) -> next.put(Attributes.INGRESS_PORT + name, Integer.toString(port)));
        if (report.ingressPorts().isEmpty()) {
            previous.forEach((name, value) -> {
                if (name.startsWith(Attributes.INGRESS_PORT)) {
                    next.put(name, value);
                }
            });
        }
        return next;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    /** Counts a task that stopped without being asked as a failed task of its deployment. */
    private static void recordFailure(Transaction tx, Task task) {
        task.owner(tx)
                .ifPresent(service -> service.deployment(task.startedBy()).ifPresent(deployment -> {
                    deployment.failedTasks(deployment.failedTasks() + 1);
                    service.save(tx);
                }));
    }
}
