package dev.svcconnect.controlplane.metrics;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.proxy.Direction;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics}: the proxies' traffic summed over the tasks of each service, in the
 * Prometheus text format, under ECS Service Connect's names and labels (inbound by
 * {@code DiscoveryName}, outbound by {@code TargetDiscoveryName}, both with {@code ServiceName}
 * and {@code ClusterName}), plus {@code HealthyEndpointCount} and {@code UnhealthyEndpointCount}
 * per {@code Namespace} and {@code DiscoveryName} from Cloud Map.
 */
public final class PrometheusExport {

    /** The content type of the answer. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final MetricsWindow window;
    private final Store store;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusExport(MetricsWindow window, Store store) {
        this.window = requireNonNull(window, "window");
        this.store = requireNonNull(store, "store");
    }

    /** Every metric, now, in the Prometheus text format. */
    public byte[] scrape() {
        Map<Labels, List<MetricsWindow.Total>> inbound = new LinkedHashMap<>();
        Map<Labels, List<MetricsWindow.Total>> outbound = new LinkedHashMap<>();
        for (MetricsWindow.Total total : window.totals()) {
            SeriesKey key = total.key();
            boolean in = key.direction() == Direction.INBOUND;
            Labels labels = Labels.of(
                    in ? "DiscoveryName" : "TargetDiscoveryName",
                    key.discoveryName(),
                    "ServiceName",
                    key.service(),
                    "ClusterName",
                    key.cluster());
            (in ? inbound : outbound)
                    .computeIfAbsent(labels, l -> new ArrayList<>())
                    .add(total);
        }
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        addInbound(snapshots, inbound);
        addOutbound(snapshots, outbound);
        List<EndpointCounts> endpoints = store.read(EndpointCounts::all);
        snapshots.metricSnapshot(
                endpoints("HealthyEndpointCount", "Endpoints that discovery answers", endpoints, true));
        snapshots.metricSnapshot(
                endpoints("UnhealthyEndpointCount", "Endpoints that discovery leaves out", endpoints, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, snapshots.build(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The inbound metrics: by discovery name, what the tasks' clients sent and received. */
    private static void addInbound(MetricSnapshots.Builder snapshots, Map<Labels, List<MetricsWindow.Total>> inbound) {
        snapshots
                .metricSnapshot(gauge(
                        "ActiveConnectionCount",
                        "Connections open from clients",
                        inbound,
                        MetricsWindow.Total::activeConnections))
                .metricSnapshot(counter(
                        "NewConnectionCount", "Connections accepted", inbound, MetricsWindow.Total::newConnections))
                .metricSnapshot(counter(
                        "ProcessedBytes",
                        "Bytes received from and sent to clients",
                        inbound,
                        MetricsWindow.Total::bytes))
                .metricSnapshot(counter("RequestCount", "Requests received", inbound, MetricsWindow.Total::requests))
                .metricSnapshot(counter(
                        "GrpcRequestCount", "gRPC requests received", inbound, MetricsWindow.Total::grpcRequests));
    }

    /** The outbound metrics: by target discovery name, what the tasks sent and got back. */
    private static void addOutbound(
            MetricSnapshots.Builder snapshots, Map<Labels, List<MetricsWindow.Total>> outbound) {
        snapshots
                .metricSnapshot(counter(
                        "TargetProcessedBytes",
                        "Bytes received from and sent to targets",
                        outbound,
                        MetricsWindow.Total::bytes))
                .metricSnapshot(counter(
                        "RequestCountPerTarget",
                        "Requests sent to targets (each attempt)",
                        outbound,
                        MetricsWindow.Total::requests));
        for (int n = 2; n <= 5; n++) {
            int statusClass = n;
            snapshots.metricSnapshot(counter(
                    "HTTPCode_Target_" + n + "XX_Count",
                    "Responses of class " + n + "xx from targets",
                    outbound,
                    t -> t.httpClass(statusClass)));
        }
        snapshots.metricSnapshot(responseTime(outbound));
    }

    private static CounterSnapshot counter(
            String name,
            String help,
            Map<Labels, List<MetricsWindow.Total>> groups,
            ToDoubleFunction<MetricsWindow.Total> value) {
        CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
        groups.forEach((labels, totals) -> builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(labels)
                .value(totals.stream().mapToDouble(value).sum())
                .build()));
        return builder.build();
    }

    private static GaugeSnapshot gauge(
            String name,
            String help,
            Map<Labels, List<MetricsWindow.Total>> groups,
            ToDoubleFunction<MetricsWindow.Total> value) {
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
        groups.forEach((labels, totals) -> builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(labels)
                .value(totals.stream().mapToDouble(value).sum())
                .build()));
        return builder.build();
    }

    private static GaugeSnapshot endpoints(String name, String help, List<EndpointCounts> counts, boolean healthy) {
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
        for (EndpointCounts c : counts) {
            builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("Namespace", c.namespace(), "DiscoveryName", c.discoveryName()))
                    .value(healthy ? c.healthy() : c.unhealthy())
                    .build());
        }
        return builder.build();
    }

    /** {@code TargetResponseTime} in milliseconds: the tasks' buckets summed bound by bound, plus {@code +Inf}. */
    private static HistogramSnapshot responseTime(Map<Labels, List<MetricsWindow.Total>> groups) {
        HistogramSnapshot.Builder builder = HistogramSnapshot.builder()
                .name("TargetResponseTime")
                .help("Milliseconds from a request sent to a target to its response headers");
        groups.forEach((labels, totals) -> {
            Map<Double, Long> cumulative = new TreeMap<>();
            long count = 0;
            double sum = 0;
            for (MetricsWindow.Total t : totals) {
                for (int b = 0; b < t.bounds().length; b++) {
                    cumulative.merge(t.bounds()[b], t.bucketCounts()[b], Long::sum);
                }
                count += t.responses();
                sum += t.responseTimeSumMillis();
            }
            double[] bounds = new double[cumulative.size() + 1];
            long[] perBucket = new long[bounds.length];
            long previous = 0;
            int i = 0;
            for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
                bounds[i] = e.getKey();
                perBucket[i] = Math.max(0, e.getValue() - previous);
                previous = e.getValue();
                i++;
            }
            bounds[i] = Double.POSITIVE_INFINITY;
            perBucket[i] = Math.max(0, count - previous);
            builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(labels)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, perBucket))
                    .sum(sum)
                    .build());
        });
        return builder.build();
    }
}
