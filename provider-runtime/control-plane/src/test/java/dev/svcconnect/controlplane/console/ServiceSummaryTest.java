package dev.svcconnect.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.InstanceHealth;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSummaryTest {

    private static final String NAMESPACE_ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";

    @TempDir
    Path data;

    private final MetricsWindow window = new MetricsWindow(new TestClock(Instant.parse("2026-01-01T00:00:00Z")), 100);

    private static Service webui() throws Exception {
        return Service.of((ObjectNode) Json.mapper().readTree("""
                {"serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/east/webui", "serviceName": "webui",
                 "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/east", "status": "ACTIVE",
                 "desiredCount": 2, "runningCount": 2, "pendingCount": 0, "launchType": "FARGATE",
                 "deployments": [{"id": "d-1", "status": "PRIMARY",
                   "serviceConnectConfiguration": {"namespace": "%s", "services": [
                     {"portName": "web", "discoveryName": "webui",
                      "clientAliases": [{"dnsName": "webui.shop", "port": 8080}]}]}}]}
                """.formatted(NAMESPACE_ARN)));
    }

    private static Instance instance(String id, String cluster, String service, InstanceHealth health) {
        return Instance.create(
                "srv-1",
                id,
                Map.of(Instance.ECS_CLUSTER_NAME, cluster, Instance.ECS_SERVICE_NAME, service),
                health,
                null);
    }

    @Test
    void aServiceOfANamespaceCountsTheEndpointsItsOwnTasksRegistered() throws Exception {
        Namespace namespace = Namespace.createHttp("ns-1", NAMESPACE_ARN, "shop", null, 0, null);
        Service service = webui();
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                namespace.save(tx);
                DiscoveryService.create(
                                "srv-1",
                                "arn:srv-1",
                                "webui",
                                "ns-1",
                                Json.mapper()
                                        .createObjectNode()
                                        .set(
                                                "HealthCheckCustomConfig",
                                                Json.mapper().createObjectNode()),
                                0,
                                null,
                                1)
                        .save(tx);
                instance("t1", "east", "webui", InstanceHealth.HEALTHY).save(tx);
                instance("t2", "east", "webui", InstanceHealth.UNHEALTHY).save(tx);
                instance("t3", "west", "webui", InstanceHealth.HEALTHY).save(tx);
                return null;
            });

            ServiceSummary summary = store.read(tx -> ServiceSummary.of(tx, namespace, service, window));

            assertThat(summary)
                    .isEqualTo(new ServiceSummary(
                            "webui",
                            "east",
                            "ACTIVE",
                            "FARGATE",
                            2,
                            0,
                            2,
                            List.of("webui"),
                            List.of("webui.shop:8080"),
                            1,
                            1,
                            0.0));
        }
    }

    @Test
    void aServiceOutsideAnyNamespaceShowsItsCountsOnly() throws Exception {
        Service service = webui();
        service.json().remove("launchType");

        String json = Json.mapper().writeValueAsString(ServiceSummary.basics(service));

        assertThat(json)
                .isEqualTo("{\"service\":\"webui\",\"cluster\":\"east\",\"status\":\"ACTIVE\",\"launchType\":\"EC2\","
                        + "\"runningCount\":2,\"pendingCount\":0,\"desiredCount\":2}");
    }
}
