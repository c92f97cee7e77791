/**
 * The watch API for host agents and sidecar proxies ({@code /watch/v1/}, see
 * {@code docs/watch-api.md}): hosts register and heartbeat, receive their task assignments and
 * report task states; proxies watch their task's configuration; anyone may watch a namespace's
 * endpoints.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.watch.WatchApi} (what the host and task
 * routes answer; every {@code /watch/v1} route is listed in
 * {@code dev.svcconnect.controlplane.server.WatchRoutes}),
 * {@link dev.svcconnect.controlplane.watch.WatchHub} (long-polls by revision, woken on each
 * commit) and {@link dev.svcconnect.controlplane.watch.ProxyConfigs} (a task's proxy
 * configuration).
 */
package dev.svcconnect.controlplane.watch;
