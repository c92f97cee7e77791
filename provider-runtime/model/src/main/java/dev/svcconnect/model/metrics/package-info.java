/**
 * What a proxy pushes to the control plane about its traffic (see {@code docs/watch-api.md}):
 * a {@link dev.svcconnect.model.metrics.MetricsReport} of cumulative
 * {@link dev.svcconnect.model.metrics.ListenerCounters}, so the receiver computes rates by differences.
 */
package dev.svcconnect.model.metrics;
