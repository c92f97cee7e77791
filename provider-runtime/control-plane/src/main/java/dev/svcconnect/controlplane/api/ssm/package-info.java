/**
 * The SSM Parameter Store API ({@code AmazonSSM}) subset that task secrets need: parameters put,
 * read, described and deleted, their values sealed at rest with the data key, and the resolution
 * of a task's container {@code secrets} for its agent.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.api.ssm.SsmApi} (the operations), {@link
 * dev.svcconnect.controlplane.api.ssm.ParameterStore} (names, ARNs and sealing) and {@link
 * dev.svcconnect.controlplane.api.ssm.ContainerSecrets} (a task's secrets).
 */
package dev.svcconnect.controlplane.api.ssm;
