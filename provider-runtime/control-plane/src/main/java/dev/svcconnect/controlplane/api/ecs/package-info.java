/**
 * The ECS API ({@code AmazonEC2ContainerServiceV20141113}) for Service Connect: clusters, task
 * definitions and their families, services with their deployments and Service Connect
 * configuration, tasks (also one-off ones, {@code TaskRunOperations}), container instances, tags
 * ({@code TagOperations}), capacity providers ({@code CapacityProviderOperations}) and account
 * settings ({@code AccountSettingOperations}).
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.api.ecs.EcsApi} (the operations),
 * {@link dev.svcconnect.controlplane.api.ecs.HostRegistry} (the hosts that agents register),
 * {@link dev.svcconnect.controlplane.api.ecs.ServiceConnectValidator} (the Service Connect rules,
 * including the multi-cluster extension) and {@link
 * dev.svcconnect.controlplane.api.ecs.ServiceConnectProvisioner} (the Cloud Map services and
 * client alias addresses they need). Desired state (deployments, placement, task reports) is in
 * {@link dev.svcconnect.controlplane.scheduling}, reached through {@link
 * dev.svcconnect.controlplane.api.ecs.Scheduler}; the stored resources are read through {@link
 * dev.svcconnect.controlplane.document}.
 */
package dev.svcconnect.controlplane.api.ecs;
