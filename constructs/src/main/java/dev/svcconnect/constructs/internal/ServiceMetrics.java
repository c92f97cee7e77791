package dev.svcconnect.constructs.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.constructs.IConstruct;

/**
 * CloudWatch metrics of a service in namespace {@value #NAMESPACE}, with ECS's dimensions: the
 * service's own ({@code ClusterName}, {@code ServiceName}), its Service Connect inbound traffic
 * ({@code DiscoveryName} added) and its outbound traffic to a target ({@code TargetDiscoveryName}
 * added). Options given by the caller win, as in aws-cdk-lib.
 */
public final class ServiceMetrics {

    /** The CloudWatch namespace of ECS metrics. */
    public static final String NAMESPACE = "AWS/ECS";

    private final IConstruct service;
    private final String clusterName;
    private final String serviceName;

    /** The metrics of {@code service}, named {@code serviceName} in cluster {@code clusterName}. */
    public ServiceMetrics(IConstruct service, String clusterName, String serviceName) {
        this.service = service;
        this.clusterName = clusterName;
        this.serviceName = serviceName;
    }

    /** {@code metricName} with the service's dimensions. */
    public Metric service(String metricName, String statistic, MetricOptions options) {
        return metric(metricName, statistic, dimensions(), options);
    }

    /** The inbound metric {@code metricName} of the service's port {@code discoveryName}. */
    public Metric inbound(String metricName, String discoveryName, String statistic, MetricOptions options) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("DiscoveryName", discoveryName);
        dimensions.putAll(dimensions());
        return metric(metricName, statistic, dimensions, options);
    }

    /** The outbound metric {@code metricName} of the service's calls to {@code targetDiscoveryName}. */
    public Metric outbound(String metricName, String targetDiscoveryName, String statistic, MetricOptions options) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("TargetDiscoveryName", targetDiscoveryName);
        dimensions.putAll(dimensions());
        return metric(metricName, statistic, dimensions, options);
    }

    private Map<String, String> dimensions() {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("ClusterName", clusterName);
        dimensions.put("ServiceName", serviceName);
        return dimensions;
    }

    private Metric metric(String metricName, String statistic, Map<String, String> dimensions, MetricOptions options) {
        MetricOptions given = options == null ? MetricOptions.builder().build() : options;
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(given.getDimensionsMap() != null ? given.getDimensionsMap() : dimensions)
                .statistic(given.getStatistic() != null ? given.getStatistic() : statistic)
                .period(given.getPeriod())
                .unit(given.getUnit())
                .label(given.getLabel())
                .color(given.getColor())
                .account(given.getAccount())
                .region(given.getRegion())
                .build()
                .attachTo(service);
    }
}
