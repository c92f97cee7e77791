package dev.svcconnect.provider.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.provider.Events;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.internal.Properties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ServiceConnectClientAlias;
import software.amazon.awssdk.services.ecs.model.ServiceConnectConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;
import software.amazon.awssdk.services.ecs.model.TimeoutConfiguration;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

class ServiceRequestsTest {

    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:service/apps/api";

    /** As CloudFormation sends them: every scalar a string. */
    private static final Map<String, Object> API = Map.of(
            "ServiceName", "api",
            "Cluster", "apps",
            "TaskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/api:3",
            "DesiredCount", "2",
            "LaunchType", "EC2",
            "DeploymentConfiguration",
                    Map.of(
                            "MinimumHealthyPercent",
                            "100",
                            "MaximumPercent",
                            "200",
                            "DeploymentCircuitBreaker",
                            Map.of("Enable", "true", "Rollback", "false")),
            "ServiceConnectConfiguration",
                    Map.of(
                            "Enabled",
                            "true",
                            "Namespace",
                            "internal",
                            "Services",
                            List.of(Map.of(
                                    "PortName",
                                    "api",
                                    "DiscoveryName",
                                    "api",
                                    "ClientAliases",
                                    List.of(Map.of("Port", "8080", "DnsName", "api.internal")),
                                    "Timeout",
                                    Map.of("IdleTimeoutSeconds", "300", "PerRequestTimeoutSeconds", "15")))));

    private static Properties properties(Map<String, Object> values) {
        return Properties.of("Custom::SvcConnectService 'Api'", values, "ResourceProperties");
    }

    @Test
    void mapsTheCloudFormationPropertiesToACreateRequest() {
        CreateServiceRequest request = ServiceRequests.create(properties(API), "api");

        assertThat(request)
                .isEqualTo(CreateServiceRequest.builder()
                        .serviceName("api")
                        .cluster("apps")
                        .taskDefinition("arn:aws:ecs:us-east-1:123456789012:task-definition/api:3")
                        .desiredCount(2)
                        .launchType(LaunchType.EC2)
                        .deploymentConfiguration(DeploymentConfiguration.builder()
                                .minimumHealthyPercent(100)
                                .maximumPercent(200)
                                .deploymentCircuitBreaker(DeploymentCircuitBreaker.builder()
                                        .enable(true)
                                        .rollback(false)
                                        .build())
                                .build())
                        .serviceConnectConfiguration(ServiceConnectConfiguration.builder()
                                .enabled(true)
                                .namespace("internal")
                                .services(ServiceConnectService.builder()
                                        .portName("api")
                                        .discoveryName("api")
                                        .clientAliases(ServiceConnectClientAlias.builder()
                                                .port(8080)
                                                .dnsName("api.internal")
                                                .build())
                                        .timeout(TimeoutConfiguration.builder()
                                                .idleTimeoutSeconds(300)
                                                .perRequestTimeoutSeconds(15)
                                                .build())
                                        .build())
                                .build())
                        .build());
    }

    @Test
    void desiredCountDefaultsToOne() {
        Map<String, Object> values = new HashMap<>(API);
        values.remove("DesiredCount");

        assertThat(ServiceRequests.create(properties(values), "api").desiredCount())
                .isEqualTo(1);
    }

    @Test
    void anUpdateThatRemovesServiceConnectDisablesIt() {
        Map<String, Object> values = new HashMap<>(API);
        values.remove("ServiceConnectConfiguration");

        UpdateServiceRequest request = ServiceRequests.update(properties(values), "api");

        assertThat(request.service()).isEqualTo("api");
        assertThat(request.cluster()).isEqualTo("apps");
        assertThat(request.serviceConnectConfiguration())
                .isEqualTo(ServiceConnectConfiguration.builder().enabled(false).build());
    }

    @Test
    void rejectsAnUnknownLaunchType() {
        Map<String, Object> values = new HashMap<>(API);
        values.put("LaunchType", "LAMBDA");

        assertThatThrownBy(() -> ServiceRequests.create(properties(values), "api"))
                .hasMessage("Custom::SvcConnectService 'Api': LaunchType: 'LAMBDA' (expected one of: EC2, FARGATE,"
                        + " EXTERNAL)");
    }

    @Test
    void aNewDesiredCountOrTaskDefinitionUpdatesInPlace() {
        Map<String, Object> values = new HashMap<>(API);
        values.put("DesiredCount", "5");
        values.put("TaskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/api:4");

        assertThat(ServiceRequests.replacementReason(update(values))).isNull();
    }

    @Test
    void aNewNameIsAReplacement() {
        Map<String, Object> values = new HashMap<>(API);
        values.put("ServiceName", "api-v2");

        assertThat(ServiceRequests.replacementReason(update(values)))
                .isEqualTo("ServiceName changed from 'api' to 'api-v2'");
    }

    @Test
    void aNewClusterOrLaunchTypeIsAReplacement() {
        Map<String, Object> otherCluster = new HashMap<>(API);
        otherCluster.put("Cluster", "batch");
        Map<String, Object> otherLaunchType = new HashMap<>(API);
        otherLaunchType.put("LaunchType", "FARGATE");

        assertThat(ServiceRequests.replacementReason(update(otherCluster)))
                .isEqualTo("Cluster changed from 'apps' to 'batch'");
        assertThat(ServiceRequests.replacementReason(update(otherLaunchType)))
                .isEqualTo("LaunchType changed from 'EC2' to 'FARGATE'");
    }

    private static ProviderEvent update(Map<String, Object> values) {
        return Events.parsedUpdate("Custom::SvcConnectService", ARN, values, API);
    }
}
