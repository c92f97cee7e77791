/**
 * Traffic metrics with ECS Service Connect's names and labels:
 * {@link dev.svcconnect.proxy.metrics.ProxyMetrics} owns the Prometheus registry and hands each
 * listener its {@link dev.svcconnect.proxy.metrics.ListenerMetrics};
 * {@link dev.svcconnect.proxy.metrics.MetricsPusher} pushes their cumulative values to the control
 * plane and {@link dev.svcconnect.proxy.metrics.EmfWriter} writes them as CloudWatch EMF lines.
 */
package dev.svcconnect.proxy.metrics;
