/**
 * Access policies: {@link dev.svcconnect.controlplane.access.AccessPolicies} keeps them in the
 * store and answers a service's effective one (its own, else the default) for the proxy
 * configuration; {@link dev.svcconnect.controlplane.access.AccessPolicyApi} is
 * {@code PutAccessPolicy}, {@code GetAccessPolicy}, {@code DeleteAccessPolicy} and
 * {@code ListAccessPolicies} of svc-connect's own API.
 */
package dev.svcconnect.controlplane.access;
