/**
 * Load balancing: an {@link dev.svcconnect.proxy.lb.EndpointGroup} holds the
 * {@link dev.svcconnect.proxy.lb.Endpoint endpoints} of one discovery name and picks one per
 * request (TCP: per connection) with a {@link dev.svcconnect.proxy.lb.LoadBalancer}, skipping
 * ejected endpoints.
 */
package dev.svcconnect.proxy.lb;
