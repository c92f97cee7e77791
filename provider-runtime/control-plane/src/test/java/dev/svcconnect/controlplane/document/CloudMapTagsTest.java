package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudMapTagsTest {

    @TempDir
    Path data;

    private static Map<String, String> tags(String... keysAndValues) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    @Test
    void aNamespaceKeepsItsTagsInOrderAsKeyValueObjectsThatGetNamespaceLeavesOut() throws Exception {
        Namespace namespace = Namespace.createHttp("ns-1", "arn:ns-1", "shop", null, 0, null)
                .tags(tags("team", "checkout", "env", ""));

        assertThat(namespace.json().get("Tags")).isEqualTo(Json.mapper().readTree("""
                        [{"Key": "team", "Value": "checkout"}, {"Key": "env", "Value": ""}]
                        """));
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                namespace.save(tx);
                return null;
            });
            store.read(tx -> {
                Namespace stored = Namespace.find(tx, "ns-1").orElseThrow();
                assertThat(stored.tags()).containsExactlyEntriesOf(tags("team", "checkout", "env", ""));
                assertThat(stored.answer(tx).has("Tags")).isFalse();
                return null;
            });
        }
    }

    @Test
    void aServiceWithoutTagsHasNoTagsArrayAndItsAnswerNone() {
        DiscoveryService service = DiscoveryService.create(
                        "srv-1", "arn:srv-1", "web", "ns-1", Json.mapper().createObjectNode(), 0, null, 1)
                .tags(tags("tier", "web"));

        service.tags(Map.of());

        assertThat(service.tags()).isEmpty();
        assertThat(service.json().has("Tags")).isFalse();
    }

    @Test
    void getNamespaceAnswersNeitherTagsNorTheLastUpdatesRequestAndOperationButItsMutualTlsMode() throws Exception {
        Namespace namespace = Namespace.createHttp("ns-1", "arn:ns-1", "shop", null, 0, null)
                .tags(tags("team", "checkout"))
                .updatedBy("u-1", "op-1");
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                namespace.save(tx);
                return null;
            });
            assertThat(store.read(tx -> namespace.answer(tx)).properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly(
                            "Id",
                            "Arn",
                            "Name",
                            "Type",
                            "Properties",
                            "CreateDate",
                            "ServiceCount",
                            "SvcConnectMutualTls");
        }
    }
}
