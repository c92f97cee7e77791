package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    @TempDir
    Path data;

    private static ObjectNode cluster(String name) {
        return Json.mapper().createObjectNode().put("clusterName", name);
    }

    @Test
    void aWriteThatChangesSomethingBumpsTheRevisionAndTellsTheListeners() {
        try (Store store = Store.open(data)) {
            List<Long> committed = new ArrayList<>();
            store.onCommit(committed::add);

            store.write(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                return null;
            });
            store.write(tx -> tx.get(Table.CLUSTERS, "a"));

            assertThat(store.revision()).isEqualTo(1);
            assertThat(committed).containsExactly(1L);
            Optional<ObjectNode> found = store.read(tx -> tx.get(Table.CLUSTERS, "a"));
            assertThat(found).contains(cluster("a"));
        }
    }

    @Test
    void aWriteThatThrowsChangesNothing() {
        try (Store store = Store.open(data)) {
            assertThatThrownBy(() -> store.write(tx -> {
                        tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                        throw new IllegalStateException("refused");
                    }))
                    .hasMessage("refused");

            assertThat(store.revision()).isZero();
            List<ObjectNode> all = store.read(tx -> tx.listAll(Table.CLUSTERS));
            assertThat(all).isEmpty();
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

    private static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedWithItsName() throws Exception {
        Path file = java.nio.file.Files.createFile(data.resolve("file"));

        assertThatThrownBy(() -> Store.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessage("data directory " + file + ": is a file, not a directory");
    }

    @Test
    void aStoreFileThatIsNotADatabaseIsRefused() throws Exception {
        java.nio.file.Files.writeString(data.resolve(Store.FILE_NAME), "not a database, " + "x".repeat(200));

        assertThatThrownBy(() -> Store.open(data))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot migrate jdbc:sqlite:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReadInsideAWriteSeesTheWritesRowsAndDoesNotWaitForAReadThatWrites() throws Exception {
        try (Store store = Store.open(data)) {
            CountDownLatch readerHoldsReadConnection = new CountDownLatch(1);
            CountDownLatch writerHoldsWriteConnection = new CountDownLatch(1);
            CompletableFuture<Void> readThatWrites = CompletableFuture.runAsync(() -> store.read(tx -> {
                readerHoldsReadConnection.countDown();
                await(writerHoldsWriteConnection);
                return store.write(inner -> {
                    inner.put(Table.CLUSTERS, "b", "-", null, cluster("b"));
                    return null;
                });
            }));

            Optional<ObjectNode> seen = store.write(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                await(readerHoldsReadConnection);
                writerHoldsWriteConnection.countDown();
                return store.read(inner -> inner.get(Table.CLUSTERS, "a"));
            });

            assertThat(seen).contains(cluster("a"));
            readThatWrites.get(10, TimeUnit.SECONDS);
            List<ObjectNode> clusters = store.read(tx -> tx.listAll(Table.CLUSTERS));
            assertThat(clusters).containsExactlyInAnyOrder(cluster("a"), cluster("b"));
        }
    }

    @Test
    void aReadTransactionCannotWrite() {
        try (Store store = Store.open(data)) {
            assertThatThrownBy(() -> store.read(tx -> {
                        tx.delete(Table.CLUSTERS, "a");
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a read transaction cannot write");
        }
    }

    @Test
    void rowsAreFoundByScopeAndReferenceAndTheRevisionSurvivesAReopen() {
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                tx.put(Table.SERVICES, "arn:1", "east", "ns-1", cluster("one"));
                tx.put(Table.SERVICES, "arn:2", "west", "ns-1", cluster("two"));
                tx.put(Table.SERVICES, "arn:3", "east", null, cluster("three"));
                return null;
            });
        }
        try (Store store = Store.open(data)) {
            assertThat(store.revision()).isEqualTo(1);
            List<ObjectNode> east = store.read(tx -> tx.list(Table.SERVICES, "east"));
            List<ObjectNode> namespace = store.read(tx -> tx.listByRef(Table.SERVICES, "ns-1"));
            assertThat(east).containsExactly(cluster("one"), cluster("three"));
            assertThat(namespace).containsExactly(cluster("one"), cluster("two"));
        }
    }

    @Test
    void aReadSeesTheLastCommittedRevisionWithoutWaitingForAWriteInProgress() throws Exception {
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                return null;
            });
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> store.write(tx -> {
                tx.put(Table.CLUSTERS, "b", "-", null, cluster("b"));
                writing.countDown();
                await(finish);
                return null;
            }));
            await(writing);

            long[] seen = new long[1];
            List<ObjectNode> during = store.read(tx -> {
                seen[0] = tx.revision();
                return tx.listAll(Table.CLUSTERS);
            });
            finish.countDown();
            write.get(30, TimeUnit.SECONDS);

            assertThat(seen[0]).isEqualTo(1);
            assertThat(during).containsExactly(cluster("a"));
            long revisionAfter = store.read(Transaction::revision);
            assertThat(revisionAfter).isEqualTo(2);
            List<ObjectNode> after = store.read(tx -> tx.listAll(Table.CLUSTERS));
            assertThat(after).containsExactly(cluster("a"), cluster("b"));
        }
    }

    @Test
    void aReadTransactionGivesAFreshCopyEachTimeItReadsTheSameRow() {
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                return null;
            });

            ObjectNode second = store.read(tx -> {
                tx.get(Table.CLUSTERS, "a").orElseThrow().put("clusterName", "changed by the caller");
                tx.listAll(Table.CLUSTERS).get(0).put("status", "changed too");
                return tx.get(Table.CLUSTERS, "a").orElseThrow();
            });

            assertThat(second).isEqualTo(cluster("a"));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
