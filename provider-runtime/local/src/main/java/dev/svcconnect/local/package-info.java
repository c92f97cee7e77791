/**
 * The embedded deploy engine behind {@code svc-connect deploy}: it reads or synthesizes a cloud
 * assembly ({@link dev.svcconnect.local.assembly}), resolves CloudFormation intrinsics
 * ({@link dev.svcconnect.local.intrinsics}), applies each stack as a change set through the
 * provider's handlers ({@link dev.svcconnect.local.engine}), keeps what it applied in the control
 * plane's store ({@link dev.svcconnect.local.state}), and runs that control plane in the
 * background ({@link dev.svcconnect.local.environment}).
 */
package dev.svcconnect.local;
