/**
 * The control plane's HTTP server (Netty): the AWS JSON 1.1 API on {@code POST /} and the watch
 * API under {@code /watch/v1/}, on one port.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.server.ControlPlaneServer} (start, port,
 * close) and {@link dev.svcconnect.controlplane.server.ControlPlaneConfig} (bind address, port,
 * data directory, account and Region).
 */
package dev.svcconnect.controlplane.server;
