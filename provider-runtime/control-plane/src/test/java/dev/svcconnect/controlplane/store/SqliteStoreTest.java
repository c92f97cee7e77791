package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite, the default store, and what only a file in a directory can get wrong. */
class SqliteStoreTest extends StoreContract {

    @TempDir
    Path data;

    @Override
    Store open() {
        return Store.open(data);
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedWithItsName() throws Exception {
        Path file = Files.createFile(data.resolve("file"));

        assertThatThrownBy(() -> Store.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessage("data directory " + file + ": is a file, not a directory");
    }

    @Test
    void aStoreFileThatIsNotADatabaseIsRefused() throws Exception {
        Files.writeString(data.resolve(Store.FILE_NAME), "not a database, " + "x".repeat(200));

        assertThatThrownBy(this::open)
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot migrate jdbc:sqlite:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
