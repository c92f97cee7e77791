/**
 * Where the configuration comes from: a static file ({@link dev.svcconnect.proxy.config.ProxyConfigFile})
 * or the control plane's watch API ({@link dev.svcconnect.proxy.config.ControlPlaneWatcher}).
 */
package dev.svcconnect.proxy.config;
