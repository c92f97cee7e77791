/**
 * The handlers of the ECS-shaped resources: {@link dev.svcconnect.provider.ecs.ClusterHandler},
 * {@link dev.svcconnect.provider.ecs.HostFleetHandler},
 * {@link dev.svcconnect.provider.ecs.TaskDefinitionHandler} and
 * {@link dev.svcconnect.provider.ecs.ServiceHandler}, with the pure mappings from CloudFormation
 * properties to ECS requests ({@link dev.svcconnect.provider.ecs.TaskDefinitionRequests},
 * {@link dev.svcconnect.provider.ecs.ServiceRequests}) and the steady-state decision
 * ({@link dev.svcconnect.provider.ecs.ServiceSteadyState}). They share
 * {@link dev.svcconnect.provider.ecs.EcsResourceHandler}.
 */
package dev.svcconnect.provider.ecs;
