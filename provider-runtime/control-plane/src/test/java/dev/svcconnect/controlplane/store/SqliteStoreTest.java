package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
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

    /**
     * On a file system that fills up (a 1 MiB tmpfs, so root only): the write that finds no room
     * fails saying so and changes nothing, every write acknowledged before is kept, and once there is
     * room again writes succeed, each still all or nothing.
     */
    @Test
    @EnabledIfSystemProperty(named = "user.name", matches = "root")
    void aFullDiskFailsAWriteSayingSoAndTheStoreWritesAgainAllOrNothingOnceThereIsRoom() throws Exception {
        Path disk = Files.createDirectories(data.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString());
        try {
            List<String> acknowledged = new ArrayList<>();
            try (Store store = Store.open(disk.resolve("store"))) {
                fill(disk.resolve("filler"));
                StoreException full = null;
                for (int i = 0; i < 1000 && full == null; i++) {
                    String name = "c" + i;
                    try {
                        store.write(tx -> {
                            tx.put(
                                    Table.CLUSTERS,
                                    name,
                                    "-",
                                    null,
                                    cluster(name).put("padding", "x".repeat(4096)));
                            return null;
                        });
                        acknowledged.add(name);
                    } catch (StoreException e) {
                        full = e;
                    }
                }
                assertThat(full).isNotNull();
                assertThat(full.diskFull()).as(full.getMessage()).isTrue();

                Files.delete(disk.resolve("filler"));
                assertThatThrownBy(() -> store.write(tx -> {
                            tx.put(Table.CLUSTERS, "half", "-", null, cluster("half"));
                            throw new IllegalStateException("refused");
                        }))
                        .hasMessage("refused");
                store.write(tx -> {
                    tx.put(Table.CLUSTERS, "after", "-", null, cluster("after"));
                    return null;
                });
                acknowledged.add("after");
                assertThat(clusterNames(store)).containsExactlyInAnyOrderElementsOf(acknowledged);
            }
            try (Store reopened = Store.open(disk.resolve("store"))) {
                assertThat(clusterNames(reopened)).containsExactlyInAnyOrderElementsOf(acknowledged);
            }
        } finally {
            run("umount", disk.toString());
        }
    }

    private static List<String> clusterNames(Store store) {
        return store.read(tx -> tx.listAll(Table.CLUSTERS)).stream()
                .map(row -> row.get("clusterName").asText())
                .toList();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    /** Writes to {@code file} until the file system has no room left. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("No space left");
        }
    }

    @Test
    void aNewDataDirectoryIsOwnerOnlyAndTheStoreAndItsWalAndShmFilesAreReadableByTheOwnerOnly() throws Exception {
        Path fresh = data.resolve("fresh");
        try (Store store = Store.open(fresh)) {
            store.write(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                return null;
            });

            assertThat(mode(fresh)).isEqualTo("rwx------");
            for (String file : List.of(Store.FILE_NAME, Store.FILE_NAME + "-wal", Store.FILE_NAME + "-shm")) {
                assertThat(fresh.resolve(file)).exists();
                assertThat(mode(fresh.resolve(file))).as(file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aStoreFileLeftReadableByOthersIsMadeOwnerOnlyWhenOpened() throws Exception {
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                return null;
            });
        }
        Files.setPosixFilePermissions(data.resolve(Store.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));

        try (Store store = Store.open(data)) {
            assertThat(mode(data.resolve(Store.FILE_NAME))).isEqualTo("rw-------");
            Optional<ObjectNode> found = store.read(tx -> tx.get(Table.CLUSTERS, "a"));
            assertThat(found).contains(cluster("a"));
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
