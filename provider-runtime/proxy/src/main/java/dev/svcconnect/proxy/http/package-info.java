/**
 * HTTP proxying, shared by HTTP/1.1 and HTTP/2 clients: an
 * {@link dev.svcconnect.proxy.http.HttpExchangeHandler} turns each request into an exchange that
 * balances, retries, times out and streams with backpressure over an upstream lane from an
 * {@link dev.svcconnect.proxy.internal.UpstreamPool} ({@link dev.svcconnect.proxy.http.Http1UpstreamPool}
 * for HTTP/1.1 endpoints); WebSocket upgrades become byte tunnels.
 */
package dev.svcconnect.proxy.http;
