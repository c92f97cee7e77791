package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCopyTest {

    @TempDir
    Path directory;

    private static ObjectNode row(String name) {
        return Json.mapper().createObjectNode().put("name", name);
    }

    private static void fill(Store store) {
        store.write(tx -> {
            tx.put(Table.CLUSTERS, "web", "-", null, row("web"));
            tx.put(Table.SERVICES, "arn:svc/web/api", "web", "arn:ns/1", row("api"));
            tx.put(Table.TASKS, "t1", "web", "arn:svc/web/api", row("t1"));
            return null;
        });
    }

    @Test
    void anOnlineBackupOfTheSqliteFileIsAStoreWithTheSameRows() throws Exception {
        Path data = directory.resolve("data");
        Path restored = directory.resolve("restored");
        try (Store store = Store.open(data)) {
            fill(store);
            StoreCopy.backup(data, directory.resolve("backup.db"));
        }
        Files.createDirectories(restored);
        Files.move(directory.resolve("backup.db"), restored.resolve(Store.FILE_NAME));

        try (Store store = Store.open(restored)) {
            assertThat(store.revision()).isEqualTo(1);
            List<ObjectNode> tasks = store.read(tx -> tx.listByRef(Table.TASKS, "arn:svc/web/api"));
            assertThat(tasks).containsExactly(row("t1"));
        }
        assertThatThrownBy(() -> StoreCopy.backup(data, restored.resolve(Store.FILE_NAME)))
                .isInstanceOf(StoreException.class)
                .hasMessageEndingWith(": exists already (expected: a new file)");
    }

    @Test
    void aSqliteStoreCopiedToPostgresqlKeepsEveryRowWithItsScopeAndReference() {
        try (TestDatabase database = TestDatabase.create();
                Store sqlite = Store.open(directory);
                Store postgres =
                        Store.open(StoreLocation.parse(database.url(), null, Map.of()), directory, "store-copy")) {
            fill(sqlite);

            assertThat(StoreCopy.copy(sqlite, postgres)).isEqualTo(3);

            List<ObjectNode> services = postgres.read(tx -> tx.list(Table.SERVICES, "web"));
            List<ObjectNode> byNamespace = postgres.read(tx -> tx.listByRef(Table.SERVICES, "arn:ns/1"));
            assertThat(services).containsExactly(row("api"));
            assertThat(byNamespace).containsExactly(row("api"));
            assertThatThrownBy(() -> StoreCopy.copy(sqlite, postgres))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("the destination store has clusters already (expected: an empty store)");
        }
    }
}
