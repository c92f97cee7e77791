/**
 * Desired state: keeps each ECS service's tasks in line with its deployments, places tasks on the
 * registered hosts of their cluster, and applies what host agents report about tasks.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.scheduling.ServiceReconciler} (one
 * service's tasks against its deployments), with the pure {@link
 * dev.svcconnect.controlplane.scheduling.RolloutPlan} (how many tasks to start and keep during a
 * rolling deployment) and {@link dev.svcconnect.controlplane.scheduling.CircuitBreaker};
 * {@link dev.svcconnect.controlplane.scheduling.Placement} (which host runs a task);
 * {@link dev.svcconnect.controlplane.scheduling.TaskReportApplier} (a host agent's report about a
 * task); {@link dev.svcconnect.controlplane.scheduling.ServiceDiscovery} (a task's Cloud Map
 * instances); {@link dev.svcconnect.controlplane.scheduling.TaskLauncher} and {@link
 * dev.svcconnect.controlplane.scheduling.TaskStopper} (a task's first and last steps).
 * {@link dev.svcconnect.controlplane.scheduling.Scheduling} assembles them.
 */
package dev.svcconnect.controlplane.scheduling;
