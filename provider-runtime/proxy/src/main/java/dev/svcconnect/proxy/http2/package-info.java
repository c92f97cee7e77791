/**
 * HTTP/2 and gRPC: {@link dev.svcconnect.proxy.http2.Http2Frontend} is the server side of a client
 * connection once it speaks h2c (installed by {@link dev.svcconnect.proxy.listener});
 * {@link dev.svcconnect.proxy.http2.Http2UpstreamPool} multiplexes requests as streams over
 * HTTP/2 connections to endpoints. When both sides speak HTTP/2, a {@code StreamExchange} forwards
 * frames between a client stream and an endpoint stream, each connection keeping its streams in a
 * map ({@code FrontConnectionHandler}, {@code UpstreamConnectionHandler}) with flow control end to
 * end. Trailers ({@code grpc-status}) pass through.
 */
package dev.svcconnect.proxy.http2;
