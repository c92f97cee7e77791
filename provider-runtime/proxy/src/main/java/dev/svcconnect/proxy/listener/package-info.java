/**
 * The client side of every HTTP-family listener (HTTP/1.1, HTTP/2, gRPC):
 * {@link dev.svcconnect.proxy.listener.HttpListenerInitializer} assembles a client connection (idle
 * timeout, connection tracking), then {@code CleartextNegotiator} reads its first bytes and hands
 * it to HTTP/1.1 ({@link dev.svcconnect.proxy.http}, which may still upgrade with
 * {@code Upgrade: h2c}) or to h2c with prior knowledge ({@link dev.svcconnect.proxy.http2}).
 * TCP listeners are assembled by {@link dev.svcconnect.proxy.tcp.TcpListenerInitializer}.
 */
package dev.svcconnect.proxy.listener;
