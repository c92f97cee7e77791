/**
 * What a sidecar proxy serves: {@link dev.svcconnect.model.proxy.ProxyConfig} with its
 * {@link dev.svcconnect.model.proxy.ListenerConfig listeners}. The same JSON is read from a file
 * ({@code svc-connect proxy --config FILE}) and answered by the control plane's watch API.
 */
package dev.svcconnect.model.proxy;
