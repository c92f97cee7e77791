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
}
