/**
 * The embedded deploy engine behind {@code svc-connect deploy}: it reads a cloud assembly
 * ({@link dev.svcconnect.local.assembly}), resolves CloudFormation intrinsics
 * ({@link dev.svcconnect.local.intrinsics}), applies each stack as a change set through the
 * provider's handlers ({@link dev.svcconnect.local.engine}) and keeps what it applied in the
 * control plane's store ({@link dev.svcconnect.local.state}).
 */
package dev.svcconnect.local;
