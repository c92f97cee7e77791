/**
 * Details of the constructs: the per-stack custom resource {@link dev.svcconnect.constructs.internal.StackProvider}
 * with its {@link dev.svcconnect.constructs.internal.EmbeddedProviderJar}, the app-wide
 * {@link dev.svcconnect.constructs.internal.ServiceConnectRegistry} and the prop checks in
 * {@link dev.svcconnect.constructs.internal.Validation}.
 */
package dev.svcconnect.constructs.internal;
