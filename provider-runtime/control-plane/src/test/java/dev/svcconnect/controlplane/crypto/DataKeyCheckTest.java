package dev.svcconnect.controlplane.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeyCheckTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    @Test
    void theFirstKeyWritesTheCheckValueAndTheSameKeyPassesItLater() {
        DataKey key = DataKey.open(data.resolve("a"));
        try (Store store = Store.open(data.resolve("store"))) {
            DataKeyCheck.verify(store, key, "a's key", "a", CLOCK);
            DataKeyCheck.verify(store, DataKey.open(data.resolve("a")), "a's key", "b", CLOCK);

            assertThat(store.read(tx -> tx.get(Table.KEY_CHECKS, DataKeyCheck.ROW))
                            .orElseThrow()
                            .toString())
                    .contains("\"writtenBy\":\"a\"", "\"writtenAt\":\"2026-12-03T10:00:00Z\"")
                    .doesNotContain(readKey());
        }
    }

    @Test
    void anotherKeyIsRefusedWithAnErrorNamingItsFileAndTheReplicaThatWroteTheCheck() {
        try (Store store = Store.open(data.resolve("store"))) {
            DataKeyCheck.verify(store, DataKey.open(data.resolve("a")), "a's key", "cp-a", CLOCK);

            assertThatThrownBy(() -> DataKeyCheck.verify(
                            store, DataKey.open(data.resolve("b")), "--data-key-file /etc/b.key", "cp-b", CLOCK))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the data key --data-key-file /etc/b.key is not the key of the store")
                    .hasMessageContaining(
                            "sealed with the key of replica cp-a (check value written 2026-12-03T10:00:00Z)")
                    .hasMessageContaining("give each the same --data-key-file");
        }
    }

    @Test
    void aDataKeyFileThatDoesNotExistIsReportedWithHowToMakeOne() {
        Path missing = data.resolve("nowhere.key");

        assertThatThrownBy(() -> DataKey.openFile(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--data-key-file: " + missing + " does not exist (expected: a file holding 32 random bytes"
                        + " in base64, made once with 'openssl rand -base64 32 > FILE' and given to every replica)");
    }

    @Test
    void aDataKeyFileOpensWhatTheSameKeyInADataDirectorySealed() throws Exception {
        String sealed = DataKey.open(data.resolve("a")).seal("s3cret", "credential:SVCC1");

        DataKey fromFile = DataKey.openFile(data.resolve("a").resolve(DataKey.FILE));

        assertThat(fromFile.open(sealed, "credential:SVCC1")).isEqualTo("s3cret");
    }

    private String readKey() {
        try {
            return Files.readString(data.resolve("a").resolve(DataKey.FILE)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
