package dev.svcconnect.proxy.metrics;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.metrics.DeniedCalls;
import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.metrics.MetricsReport;
import dev.svcconnect.model.proxy.Direction;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's metrics, under the names and labels ECS Service Connect publishes, in a Micrometer
 * Prometheus registry: inbound listeners by {@code DiscoveryName}, outbound by
 * {@code TargetDiscoveryName}, both with {@code ServiceName} and {@code ClusterName} when known.
 */
public final class ProxyMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Tags commonTags;
    private final Map<String, ListenerMetrics> byName = new ConcurrentHashMap<>();
    private final Map<String, String> discoveryNames = new ConcurrentHashMap<>();
    private final String serviceName;
    private final String clusterName;
    private final long startedAtMillis = System.currentTimeMillis();

    /**
     * @param serviceName the ECS service of the task, or null
     * @param clusterName its cluster, or null
     */
    public ProxyMetrics(String serviceName, String clusterName) {
        this.serviceName = serviceName;
        this.clusterName = clusterName;
        registry.config().namingConvention(NamingConvention.identity);
        List<Tag> tags = new ArrayList<>();
        if (serviceName != null) {
            tags.add(Tag.of("ServiceName", serviceName));
        }
        if (clusterName != null) {
            tags.add(Tag.of("ClusterName", clusterName));
        }
        this.commonTags = Tags.of(tags);
    }

    /** The metrics of a listener's traffic; listeners of the same direction and discovery name share them. */
    public ListenerMetrics listener(Direction direction, String discoveryName) {
        requireNonNull(direction, "direction");
        requireNonNull(discoveryName, "discoveryName");
        String key = direction.wireName() + "/" + discoveryName;
        discoveryNames.putIfAbsent(key, discoveryName);
        return byName.computeIfAbsent(
                key,
                k -> direction == Direction.INBOUND
                        ? ListenerMetrics.inbound(registry, commonTags.and("DiscoveryName", discoveryName))
                        : ListenerMetrics.outbound(registry, commonTags.and("TargetDiscoveryName", discoveryName)));
    }

    /** A snapshot of every listener's cumulative counters, taken now. */
    public MetricsReport report() {
        List<ListenerCounters> listeners = new ArrayList<>();
        List<DeniedCalls> denials = new ArrayList<>();
        new TreeMap<>(byName).forEach((key, metrics) -> {
            listeners.add(metrics.counters(discoveryNames.get(key)));
            denials.addAll(metrics.denials(discoveryNames.get(key)));
        });
        return new MetricsReport(
                serviceName,
                clusterName,
                startedAtMillis,
                System.currentTimeMillis(),
                listeners,
                denials.size() > MetricsReport.MAX_DENIALS ? denials.subList(0, MetricsReport.MAX_DENIALS) : denials);
    }

    /** Every metric in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** The underlying registry, for readers that want values rather than text. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
