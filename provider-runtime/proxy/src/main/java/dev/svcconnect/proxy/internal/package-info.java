/**
 * Details shared by the proxy's protocol packages: the {@link dev.svcconnect.proxy.internal.Transport}
 * (event loops), each listener's {@link dev.svcconnect.proxy.internal.ListenerState}, the
 * {@link dev.svcconnect.proxy.internal.UpstreamPool} contract and the connection-level
 * {@link dev.svcconnect.proxy.internal.ConnectionTracker}. Not an API.
 */
package dev.svcconnect.proxy.internal;
