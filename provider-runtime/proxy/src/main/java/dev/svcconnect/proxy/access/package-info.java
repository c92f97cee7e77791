/**
 * The enforcement of access policies on inbound listeners: {@link
 * dev.svcconnect.proxy.access.InboundAccess} decides for a connection's verified caller ({@link
 * dev.svcconnect.proxy.identity.PeerIdentity}) and closes the connections a new policy refuses;
 * HTTP answers 403 and gRPC {@code PERMISSION_DENIED} per request, and {@link
 * dev.svcconnect.proxy.access.TcpAccessGate} closes a refused TCP connection before it reaches the
 * application.
 */
package dev.svcconnect.proxy.access;
