package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryServiceTest {

    @TempDir
    Path data;

    private static DiscoveryService service(String request) throws Exception {
        return DiscoveryService.create(
                "srv-1",
                "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1",
                "web",
                "ns-1",
                Json.mapper().readTree(request),
                3.0,
                null,
                7);
    }

    private static Instance instance(InstanceHealth health) {
        return Instance.create("srv-1", "i-1", Map.of(), health, null);
    }

    @Test
    void aNewServiceKeepsTheCreateServiceFieldsGivenAndIsHttpByDefault() throws Exception {
        DiscoveryService service = service("""
                {"Name": "ignored", "Description": "d", "HealthCheckCustomConfig": {"FailureThreshold": 1},
                 "DnsConfig": null}
                """);

        assertThat(Json.mapper().readTree(service.json().toString()))
                .isEqualTo(Json.mapper().readTree("""
                        {"Id": "srv-1", "Arn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1",
                         "Name": "web", "NamespaceId": "ns-1", "Description": "d",
                         "HealthCheckCustomConfig": {"FailureThreshold": 1}, "Type": "HTTP",
                         "CreateDate": 3.0, "InstancesRevision": 7}
                        """));
        assertThat(service.instancesRevision()).isEqualTo(7);
    }

    @Test
    void anInstanceOfAServiceWithoutHealthCheckIsUnknownAndAnsweredAsHealthy() throws Exception {
        DiscoveryService unchecked = service("{}");

        assertThat(unchecked.isHealthChecked()).isFalse();
        assertThat(unchecked.health(instance(InstanceHealth.UNHEALTHY))).isEqualTo(InstanceHealth.UNKNOWN);
        assertThat(unchecked.answersHealthy(instance(InstanceHealth.UNHEALTHY))).isTrue();
        assertThat(unchecked.initialHealth("UNHEALTHY")).isEqualTo(InstanceHealth.HEALTHY);
    }

    @Test
    void anInstanceOfACustomHealthServiceHasTheHealthSetAndMayStartUnhealthy() throws Exception {
        DiscoveryService custom = service("{\"HealthCheckCustomConfig\": {}}");

        assertThat(custom.hasCustomHealth()).isTrue();
        assertThat(custom.health(instance(InstanceHealth.UNHEALTHY))).isEqualTo(InstanceHealth.UNHEALTHY);
        assertThat(custom.answersHealthy(instance(InstanceHealth.UNHEALTHY))).isFalse();
        assertThat(custom.answersHealthy(instance(InstanceHealth.HEALTHY))).isTrue();
        assertThat(custom.initialHealth("UNHEALTHY")).isEqualTo(InstanceHealth.UNHEALTHY);
        assertThat(custom.initialHealth(null)).isEqualTo(InstanceHealth.HEALTHY);
        assertThat(service("{\"HealthCheckConfig\": {}}").initialHealth("UNHEALTHY"))
                .isEqualTo(InstanceHealth.HEALTHY);
    }

    @Test
    void aSavedServiceIsFoundByIdArnAndNameInItsNamespaceAndAnsweredWithItsInstanceCount() throws Exception {
        DiscoveryService service = service("{}");
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                service.save(tx);
                instance(InstanceHealth.HEALTHY).save(tx);
                service.instancesChanged(tx);
                return null;
            });

            store.read(tx -> {
                DiscoveryService found =
                        DiscoveryService.find(tx, service.arn()).orElseThrow();
                assertThat(found.id()).isEqualTo("srv-1");
                assertThat(found.instancesRevision()).isEqualTo(tx.revision());
                assertThat(DiscoveryService.named(tx, "ns-1", "web")).contains(found);
                assertThat(DiscoveryService.named(tx, "ns-2", "web")).isEmpty();
                assertThat(DiscoveryService.inNamespace(tx, "ns-1")).containsExactly(found);
                assertThat(found.instances(tx)).extracting(Instance::id).containsExactly("i-1");
                JsonNode answer = found.answer(tx);
                assertThat(answer.get("InstanceCount").asInt()).isEqualTo(1);
                assertThat(answer.has("InstancesRevision")).isFalse();
                return null;
            });
        }
    }
}
