/**
 * What the ECS and Cloud Map APIs share: an {@link dev.svcconnect.controlplane.api.AwsJsonApi} is
 * a set of named {@link dev.svcconnect.controlplane.api.Operation}s behind one {@code X-Amz-Target}
 * prefix; {@link dev.svcconnect.controlplane.api.Params} reads a request's fields;
 * {@link dev.svcconnect.controlplane.api.ApiException} is an AWS error answer;
 * {@link dev.svcconnect.controlplane.api.ResourceNames} makes ARNs and ids.
 */
package dev.svcconnect.controlplane.api;
