/**
 * The ECS API ({@code AmazonEC2ContainerServiceV20141113}) for Service Connect: clusters, task
 * definitions, services with their deployments and Service Connect configuration, tasks and
 * container instances.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.api.ecs.EcsApi} (the operations),
 * {@link dev.svcconnect.controlplane.api.ecs.Scheduler} (desired state: a service's deployments
 * and tasks, their placement on hosts, what a task's state reports change) and
 * {@link dev.svcconnect.controlplane.api.ecs.ServiceConnectValidator} (the Service Connect rules,
 * including the multi-cluster extension).
 */
package dev.svcconnect.controlplane.api.ecs;
