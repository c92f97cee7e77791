/**
 * Details of the constructs: the per-stack custom resource {@link dev.svcconnect.constructs.internal.StackProvider}
 * with its {@link dev.svcconnect.constructs.internal.EmbeddedProviderJar} and its cdk-nag
 * suppressions, the app-wide {@link dev.svcconnect.constructs.internal.ServiceConnectRegistry}, the
 * rendering of Service Connect services ({@link dev.svcconnect.constructs.internal.ServiceConnectRendering}),
 * tags and metrics ({@link dev.svcconnect.constructs.internal.ServiceMetrics}), the imported
 * resources ({@code Imported*}) and the prop checks in {@link dev.svcconnect.constructs.internal.Validation}.
 */
package dev.svcconnect.constructs.internal;
