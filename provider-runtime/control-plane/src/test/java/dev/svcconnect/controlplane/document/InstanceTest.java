package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.store.Store;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceTest {

    @TempDir
    Path data;

    private static Instance taskInstance() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(Instance.IPV4, "10.0.0.5");
        attributes.put(Instance.PORT, "15000");
        attributes.put(Instance.ECS_CLUSTER_NAME, "east");
        attributes.put(Instance.ECS_SERVICE_NAME, "webui");
        return Instance.create("srv-1", "0123abcd", attributes, InstanceHealth.UNHEALTHY, "req-1");
    }

    @Test
    void theInstanceOfATaskNamesItsEndpointClusterAndService() {
        Instance instance = taskInstance();

        assertThat(instance.id()).isEqualTo("0123abcd");
        assertThat(instance.serviceId()).isEqualTo("srv-1");
        assertThat(instance.endpoint()).contains("10.0.0.5:15000");
        assertThat(instance.registeredBy("east", "webui")).isTrue();
        assertThat(instance.registeredBy("west", "webui")).isFalse();
        assertThat(instance.attributes())
                .containsKeys(Instance.IPV4, Instance.PORT)
                .hasSize(4);
        assertThat(instance.health()).isEqualTo(InstanceHealth.UNHEALTHY);
    }

    @Test
    void anInstanceWithoutAddressOrPortHasNoEndpoint() {
        assertThat(Instance.create("srv-1", "i", Map.of(Instance.IPV4, "10.0.0.5"), InstanceHealth.HEALTHY, null)
                        .endpoint())
                .isEmpty();
        assertThat(Instance.create("srv-1", "i", Map.of(), InstanceHealth.HEALTHY, null)
                        .endpoint())
                .isEmpty();
    }

    @Test
    void attributesMatchWhenEveryWantedOneHasTheSameValue() {
        Instance instance = taskInstance();

        assertThat(instance.hasAttributes(Map.of())).isTrue();
        assertThat(instance.hasAttributes(Map.of(Instance.ECS_CLUSTER_NAME, "east")))
                .isTrue();
        assertThat(instance.hasAttributes(Map.of(Instance.ECS_CLUSTER_NAME, "east", "stage", "blue")))
                .isFalse();
    }

    @Test
    void theAnswerLeavesTheHealthOut() {
        Instance instance = taskInstance();

        assertThat(instance.answer().has("HealthStatus")).isFalse();
        assertThat(instance.answer().get("CreatorRequestId").asText()).isEqualTo("req-1");
        assertThat(instance.json().get("HealthStatus").asText()).isEqualTo("UNHEALTHY");
    }

    @Test
    void aSavedInstanceIsFoundInItsServiceAndGoneOnceDeleted() {
        Instance instance = taskInstance();
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                instance.save(tx);
                return null;
            });
            store.read(tx -> {
                assertThat(Instance.find(tx, "srv-1", "0123abcd")).contains(instance);
                assertThat(Instance.find(tx, "srv-2", "0123abcd")).isEmpty();
                assertThat(Instance.ofService(tx, "srv-1")).containsExactly(instance);
                return null;
            });

            store.write(tx -> {
                instance.health(InstanceHealth.HEALTHY).save(tx);
                return null;
            });
            InstanceHealth health = store.read(
                    tx -> Instance.find(tx, "srv-1", "0123abcd").orElseThrow().health());
            assertThat(health).isEqualTo(InstanceHealth.HEALTHY);

            store.write(tx -> {
                instance.delete(tx);
                return null;
            });
            List<Instance> left = store.read(tx -> Instance.ofService(tx, "srv-1"));
            assertThat(left).isEmpty();
        }
    }
}
