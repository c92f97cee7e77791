/**
 * Traffic metrics with ECS Service Connect's names and labels:
 * {@link dev.svcconnect.proxy.metrics.ProxyMetrics} owns the Prometheus registry and hands each
 * listener its {@link dev.svcconnect.proxy.metrics.ListenerMetrics}.
 */
package dev.svcconnect.proxy.metrics;
