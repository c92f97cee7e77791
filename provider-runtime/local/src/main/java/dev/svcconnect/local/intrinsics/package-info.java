/**
 * CloudFormation's intrinsic functions and conditions, resolved against what the engine knows:
 * {@link dev.svcconnect.local.intrinsics.Intrinsics} evaluates a template value in a
 * {@link dev.svcconnect.local.intrinsics.Scope}; {@link dev.svcconnect.local.intrinsics.References}
 * finds the resources a value refers to (the implicit dependencies).
 */
package dev.svcconnect.local.intrinsics;
