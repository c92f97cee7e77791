/**
 * Service-to-service authorization: {@link dev.svcconnect.model.access.AccessPolicy} says which
 * client services may call a Service Connect service, each entry an {@link
 * dev.svcconnect.model.access.AllowedCaller}; {@link dev.svcconnect.model.access.AccessPolicy#decide}
 * answers an {@link dev.svcconnect.model.access.AccessDecision} for a caller's verified identity.
 * The control plane stores policies and sends each server proxy its own; the proxy decides.
 */
package dev.svcconnect.model.access;
