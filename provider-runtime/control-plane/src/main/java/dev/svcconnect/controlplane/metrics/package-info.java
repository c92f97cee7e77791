/**
 * Traffic metrics pushed by the proxies: {@link dev.svcconnect.controlplane.metrics.MetricsIngest}
 * takes each report, {@link dev.svcconnect.controlplane.metrics.MetricsWindow} keeps 15 minutes at
 * 5 s resolution per namespace, service, cluster, task and (target) discovery name, and
 * {@link dev.svcconnect.controlplane.metrics.PrometheusExport} answers {@code GET /metrics}.
 */
package dev.svcconnect.controlplane.metrics;
