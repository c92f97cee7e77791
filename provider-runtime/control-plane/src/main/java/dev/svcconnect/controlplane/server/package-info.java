/**
 * The control plane's HTTP server (Netty), on one port: one {@link dev.svcconnect.controlplane.server.RouteTable}
 * (method + path pattern -> handler) to which each part contributes a
 * {@link dev.svcconnect.controlplane.server.RouteGroup}: the AWS JSON 1.1 API on {@code POST /}
 * ({@link dev.svcconnect.controlplane.server.ControlPlaneRoutes}), the watch API under
 * {@code /watch/v1/} ({@link dev.svcconnect.controlplane.server.WatchRoutes}, every one of its
 * routes), the console and {@code /metrics} ({@link dev.svcconnect.controlplane.server.ConsoleRoutes})
 * and the local stacks under {@code /local/v1/} ({@link dev.svcconnect.controlplane.server.LocalStackRoutes});
 * {@link dev.svcconnect.controlplane.server.RouteDispatcher} runs each request's route off the event loop,
 * after {@link dev.svcconnect.controlplane.server.RequestGuard} checked {@code Host}, {@code Origin} and
 * the {@code Content-Type} of state-changing requests. With TLS ({@link
 * dev.svcconnect.controlplane.server.TlsSettings}), {@link dev.svcconnect.controlplane.server.ServerTls}
 * puts a TLS handler first in each connection's pipeline.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.server.ControlPlaneServer} (start, port,
 * close) and {@link dev.svcconnect.controlplane.server.ControlPlaneConfig} (bind address, port,
 * data directory, account and Region, TLS, allowed host names).
 */
package dev.svcconnect.controlplane.server;
