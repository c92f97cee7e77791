/**
 * Shapes that cross a process boundary and the rules every module applies to them.
 *
 * <p>Starting points: {@link dev.svcconnect.model.proxy.ProxyConfig} (what a sidecar proxy
 * serves, from a file or from the control plane), {@link dev.svcconnect.model.watch} (the watch
 * API's envelope {@link dev.svcconnect.model.watch.WatchResult} and the host agent's contract with
 * the control plane: registration, task assignments, task reports),
 * {@link dev.svcconnect.model.validation.ServiceConnectRules} (the
 * Service Connect naming, port and timeout rules) and {@link dev.svcconnect.model.Json} (the one
 * JSON configuration every module uses).
 */
package dev.svcconnect.model;
