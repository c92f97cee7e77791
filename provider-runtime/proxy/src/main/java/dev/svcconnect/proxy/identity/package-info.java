/**
 * The identity of the peer proxy on an inbound connection: set on the connection's channel once
 * its mutual TLS handshake has verified the peer's certificate, read by whatever decides on a
 * request of that connection (the access policy, metrics, logs).
 */
package dev.svcconnect.proxy.identity;
