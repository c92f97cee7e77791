package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;

/** The {@code metric*} methods give ECS's metric names and dimensions in {@code AWS/ECS}. */
class ServiceMetricsTest {

    private final Stack stack = Apps.stack();
    private final FargateService service = FargateService.Builder.create(stack, "Web")
            .cluster(Apps.clusterWithNamespace(stack))
            .taskDefinition(Apps.task(stack, "Task", Apps.port("web", 8000, AppProtocol.HTTP)))
            .serviceConnectConfiguration(ServiceConnectProps.builder()
                    .services(List.of(ServiceConnectService.builder()
                            .portMappingName("web")
                            .build()))
                    .build())
            .build();

    @Test
    void inboundMetricsHaveTheDiscoveryNameServiceNameAndClusterName() {
        Metric requests = service.metricRequestCount("web", null);

        alarmOn(requests);
        Template.fromStack(stack)
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "Namespace",
                                "AWS/ECS",
                                "MetricName",
                                "RequestCount",
                                "Statistic",
                                "Sum",
                                "Period",
                                300,
                                "Dimensions",
                                List.of(
                                        Map.of("Name", "ClusterName", "Value", Map.of("Ref", clusterLogicalId())),
                                        Map.of("Name", "DiscoveryName", "Value", "web"),
                                        Map.of("Name", "ServiceName", "Value", serviceNameAttribute()))));
    }

    @Test
    void outboundMetricsNameTheTargetDiscoveryNameAndTheCallingService() {
        Metric errors = service.metricHttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, "api", null);

        alarmOn(errors);
        Template.fromStack(stack)
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "MetricName",
                                "HTTPCode_Target_5XX_Count",
                                "Dimensions",
                                List.of(
                                        Map.of("Name", "ClusterName", "Value", Map.of("Ref", clusterLogicalId())),
                                        Map.of("Name", "ServiceName", "Value", serviceNameAttribute()),
                                        Map.of("Name", "TargetDiscoveryName", "Value", "api"))));
    }

    @Test
    void everyMetricHasItsEcsNameAndStatistic() {
        Map<String, Metric> metrics = Map.ofEntries(
                Map.entry("RequestCount/Sum", service.metricRequestCount("web", null)),
                Map.entry("GrpcRequestCount/Sum", service.metricGrpcRequestCount("web", null)),
                Map.entry("ActiveConnectionCount/Sum", service.metricActiveConnectionCount("web", null)),
                Map.entry("NewConnectionCount/Sum", service.metricNewConnectionCount("web", null)),
                Map.entry("ProcessedBytes/Sum", service.metricProcessedBytes("web", null)),
                Map.entry("RequestCountPerTarget/Sum", service.metricRequestCountPerTarget("api", null)),
                Map.entry("TargetResponseTime/Average", service.metricTargetResponseTime("api", null)),
                Map.entry(
                        "HTTPCode_Target_2XX_Count/Sum",
                        service.metricHttpCodeTarget(HttpCodeTarget.TARGET_2XX_COUNT, "api", null)),
                Map.entry("TargetProcessedBytes/Sum", service.metricTargetProcessedBytes("api", null)),
                Map.entry("CPUUtilization/Average", service.metricCpuUtilization(null)),
                Map.entry("MemoryUtilization/Average", service.metricMemoryUtilization(null)),
                Map.entry("Custom/Average", service.metric("Custom", null)));

        metrics.forEach((expected, metric) -> {
            assertThat(metric.getNamespace()).isEqualTo("AWS/ECS");
            assertThat(metric.getMetricName() + "/" + metric.getStatistic()).isEqualTo(expected);
        });
    }

    @Test
    void givenOptionsWinOverTheDefaults() {
        Metric metric = service.metricTargetResponseTime(
                "api",
                MetricOptions.builder()
                        .statistic("p99")
                        .period(Duration.minutes(1))
                        .label("api p99")
                        .build());

        assertThat(metric.getStatistic()).isEqualTo("p99");
        assertThat(metric.getPeriod().toSeconds()).isEqualTo(60);
        assertThat(metric.getLabel()).isEqualTo("api p99");
    }

    private void alarmOn(Metric metric) {
        Alarm.Builder.create(stack, "Alarm")
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .build();
    }

    private String clusterLogicalId() {
        return ClusterTest.logicalIdOf(Template.fromStack(stack), "Custom::SvcConnectCluster");
    }

    private Map<String, Object> serviceNameAttribute() {
        String service = ClusterTest.logicalIdOf(Template.fromStack(stack), "Custom::SvcConnectService");
        return Map.of("Fn::GetAtt", List.of(service, "Name"));
    }
}
