package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceTest {

    private static final String SERVICE_ARN = "arn:aws:ecs:us-east-1:123456789012:service/web/api";
    private static final String NAMESPACE_ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";

    @TempDir
    Path data;

    private static Service service() throws Exception {
        return Service.of((ObjectNode) Json.mapper().readTree("""
                {"serviceArn": "%s", "serviceName": "api",
                 "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/web", "status": "ACTIVE",
                 "desiredCount": 2, "launchType": "EC2",
                 "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 50,
                   "deploymentCircuitBreaker": {"enable": true, "rollback": false}},
                 "deployments": [{"id": "ecs-svc/2", "status": "PRIMARY", "taskDefinition": "td:2",
                   "serviceConnectConfiguration": {"enabled": true, "namespace": "%s",
                     "services": [{"portName": "web", "discoveryName": "api",
                       "clientAliases": [{"port": 80, "dnsName": "api.local"}]}]},
                   "serviceConnectResources": [{"discoveryName": "api", "discoveryArn": "arn:cm/srv-1"}]},
                  {"id": "ecs-svc/1", "status": "ACTIVE", "taskDefinition": "td:1"}]}
                """.formatted(SERVICE_ARN, NAMESPACE_ARN)));
    }

    @Test
    void thePrimaryDeploymentIsTheFirstAndGivesTheNamespace() throws Exception {
        Service service = service();

        assertThat(service.primary().id()).isEqualTo("ecs-svc/2");
        assertThat(service.primary().status()).isEqualTo(DeploymentStatus.PRIMARY);
        assertThat(service.namespaceArn()).isEqualTo(NAMESPACE_ARN);
        assertThat(service.deployment("ecs-svc/1").map(Deployment::taskDefinition))
                .contains("td:1");
        assertThat(service.primary().discoveryArns()).containsExactly("arn:cm/srv-1");
        ServiceConnectEntry entry = service.primary().serviceConnectServices().get(0);
        assertThat(entry.discoveryName()).isEqualTo("api");
        assertThat(entry.clientAlias()).contains(new ServiceConnectEntry.ClientAlias("api.local", 80));
    }

    @Test
    void theDeploymentConfigurationIsReadWithEcsDefaults() throws Exception {
        Service service = service();
        assertThat(service.maximumPercent()).isEqualTo(150);
        assertThat(service.minimumHealthyPercent()).isEqualTo(50);
        assertThat(service.circuitBreakerEnabled()).isTrue();
        assertThat(service.rollbackEnabled()).isFalse();

        service.json().remove("deploymentConfiguration");
        assertThat(service.maximumPercent()).isEqualTo(200);
        assertThat(service.minimumHealthyPercent()).isEqualTo(100);
        assertThat(service.circuitBreakerEnabled()).isFalse();
    }

    @Test
    void aNewPrimaryDeploymentGoesFirstAndTheOthersBecomeActive() throws Exception {
        Service service = service();

        service.addPrimary(Deployment.create("ecs-svc/3", service, "td:3", 100.0));

        assertThat(service.deployments())
                .extracting(Deployment::id, Deployment::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ecs-svc/3", DeploymentStatus.PRIMARY),
                        org.assertj.core.groups.Tuple.tuple("ecs-svc/2", DeploymentStatus.ACTIVE),
                        org.assertj.core.groups.Tuple.tuple("ecs-svc/1", DeploymentStatus.ACTIVE));
        Deployment created = service.primary();
        assertThat(created.rolloutState()).isEqualTo(RolloutState.IN_PROGRESS);
        assertThat(created.json().get("rolloutStateReason").asText())
                .isEqualTo("ECS deployment ecs-svc/3 in progress.");
        assertThat(created.desiredCount()).isEqualTo(2);
        assertThat(service.namespaceArn()).isNull();
    }

    @Test
    void eventsComeNewestFirstAndAtMostAHundredAreKept() throws Exception {
        Service service = service();
        for (int i = 0; i < 105; i++) {
            service.addEvent("e" + i, i, "event " + i);
        }

        assertThat(service.latestEventMessage()).isEqualTo("(service api) event 104");
        assertThat(service.json().get("events")).hasSize(Service.MAX_EVENTS);
    }

    @Test
    void saveMakesTheServiceFindableByArnClusterAndNamespace() throws Exception {
        Service service = service();
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                service.save(tx);
                return null;
            });

            store.read(tx -> {
                assertThat(Service.find(tx, SERVICE_ARN)).contains(service);
                assertThat(Service.inCluster(tx, "arn:aws:ecs:us-east-1:123456789012:cluster/web"))
                        .containsExactly(service);
                assertThat(Service.inNamespace(tx, NAMESPACE_ARN)).containsExactly(service);
                assertThat(Service.live(tx)).containsExactly(service);
                return null;
            });
            store.write(tx -> {
                service.status(ServiceStatus.INACTIVE).save(tx);
                return null;
            });
            store.read(tx -> {
                assertThat(Service.live(tx)).isEmpty();
                return null;
            });
        }
    }
}
