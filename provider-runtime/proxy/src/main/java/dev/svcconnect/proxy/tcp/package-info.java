/**
 * TCP proxying: {@link dev.svcconnect.proxy.tcp.TcpListenerInitializer} balances each client
 * connection to one endpoint and relays bytes both ways with backpressure.
 */
package dev.svcconnect.proxy.tcp;
