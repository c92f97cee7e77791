/**
 * Passive health checking (outlier ejection): {@link dev.svcconnect.proxy.health.OutlierDetector}
 * with its {@link dev.svcconnect.proxy.health.OutlierPolicy} decides from each endpoint's
 * {@link dev.svcconnect.proxy.health.EndpointHealth} whether it takes traffic.
 */
package dev.svcconnect.proxy.health;
