package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudMapOperationTest {

    @TempDir
    Path data;

    @Test
    void anOperationSucceedsAtOnceAndIsFoundById() throws Exception {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("SERVICE", "srv-1");
        targets.put("INSTANCE", "i-1");
        CloudMapOperation operation =
                CloudMapOperation.succeeded("op-1", CloudMapOperation.Type.REGISTER_INSTANCE, targets, 5.0);

        assertThat(operation.json()).isEqualTo(Json.mapper().readTree("""
                        {"Id": "op-1", "Type": "REGISTER_INSTANCE", "Status": "SUCCESS",
                         "CreateDate": 5.0, "UpdateDate": 5.0,
                         "Targets": {"SERVICE": "srv-1", "INSTANCE": "i-1"}}
                        """));
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                operation.save(tx);
                return null;
            });
            store.read(tx -> {
                assertThat(CloudMapOperation.find(tx, "op-1")).contains(operation);
                assertThat(CloudMapOperation.find(tx, "op-2")).isEmpty();
                return null;
            });
        }
    }

    @Test
    void operationsAreListedInTheOrderOfTheirRevisionsAndAnsweredWithoutTheirInternals() throws Exception {
        CloudMapOperation later = CloudMapOperation.succeeded(
                        "op-a", CloudMapOperation.Type.UPDATE_SERVICE, Map.of("SERVICE", "srv-1"), 7.0)
                .inNamespace("ns-1")
                .atRevision(9);
        CloudMapOperation earlier = CloudMapOperation.succeeded(
                        "op-b", CloudMapOperation.Type.CREATE_NAMESPACE, Map.of("NAMESPACE", "ns-2"), 7.0)
                .atRevision(3);

        assertThat(later.namespaceId()).isEqualTo("ns-1");
        assertThat(earlier.namespaceId()).isEqualTo("ns-2");
        assertThat(later.target("SERVICE")).isEqualTo("srv-1");
        assertThat(later.target("INSTANCE")).isNull();
        assertThat(later.answer()).isEqualTo(Json.mapper().readTree("""
                        {"Id": "op-a", "Type": "UPDATE_SERVICE", "Status": "SUCCESS",
                         "CreateDate": 7.0, "UpdateDate": 7.0, "Targets": {"SERVICE": "srv-1"}}
                        """));
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                later.save(tx);
                earlier.save(tx);
                return null;
            });
            store.read(tx -> {
                assertThat(CloudMapOperation.all(tx))
                        .extracting(CloudMapOperation::id)
                        .containsExactly("op-b", "op-a");
                return null;
            });
        }
    }
}
