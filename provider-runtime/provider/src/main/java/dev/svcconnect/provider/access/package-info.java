/**
 * {@code Custom::SvcConnectAccessPolicy}: {@link dev.svcconnect.provider.access.AccessPolicyHandler}
 * puts and deletes a Service Connect service's access policy through svc-connect's own API.
 */
package dev.svcconnect.provider.access;
