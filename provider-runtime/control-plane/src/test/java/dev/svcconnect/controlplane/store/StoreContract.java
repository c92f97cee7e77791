package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Store} promises, run against each implementation by a subclass that says how
 * to open the same store again.
 */
abstract class StoreContract {

    /** Opens the store under test; each call opens the same one again. */
    abstract Store open();

    static ObjectNode cluster(String name) {
        return Json.mapper().createObjectNode().put("clusterName", name);
    }

    @Test
    void aWriteThatChangesSomethingBumpsTheRevisionAndTellsTheListeners() {
        try (Store store = open()) {
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
        try (Store store = open()) {
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
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReadInsideAWriteSeesTheWritesRowsAndDoesNotWaitForAReadThatWrites() throws Exception {
        try (Store store = open()) {
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
        try (Store store = open()) {
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
        try (Store store = open()) {
            store.write(tx -> {
                tx.put(Table.SERVICES, "arn:1", "east", "ns-1", cluster("one"));
                tx.put(Table.SERVICES, "arn:2", "west", "ns-1", cluster("two"));
                tx.put(Table.SERVICES, "arn:3", "east", null, cluster("three"));
                return null;
            });
        }
        try (Store store = open()) {
            assertThat(store.revision()).isEqualTo(1);
            List<ObjectNode> east = store.read(tx -> tx.list(Table.SERVICES, "east"));
            List<ObjectNode> namespace = store.read(tx -> tx.listByRef(Table.SERVICES, "ns-1"));
            assertThat(east).containsExactly(cluster("one"), cluster("three"));
            assertThat(namespace).containsExactly(cluster("one"), cluster("two"));
        }
    }

    @Test
    void aReadSeesTheLastCommittedRevisionWithoutWaitingForAWriteInProgress() throws Exception {
        try (Store store = open()) {
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
        try (Store store = open()) {
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

    @Test
    void rowsComeInTheByteOrderOfTheirIdsWhateverTheDatabasesCollation() {
        try (Store store = open()) {
            store.write(tx -> {
                for (String id : List.of("b", "_x", "B", "a-2", "a:1")) {
                    tx.put(Table.CLUSTERS, id, "-", null, cluster(id));
                }
                return null;
            });

            List<String> ids = store.read(tx -> tx.listAll(Table.CLUSTERS)).stream()
                    .map(row -> row.get("clusterName").asText())
                    .toList();
            assertThat(ids).containsExactly("B", "_x", "a-2", "a:1", "b");
        }
    }

    @Test
    void aPutReplacesTheRowItsIdNames() {
        try (Store store = open()) {
            store.write(tx -> {
                tx.put(Table.SERVICES, "arn:1", "east", "ns-1", cluster("one"));
                return null;
            });
            store.write(tx -> {
                tx.put(Table.SERVICES, "arn:1", "west", null, cluster("moved"));
                return null;
            });

            List<ObjectNode> east = store.read(tx -> tx.list(Table.SERVICES, "east"));
            assertThat(east).isEmpty();
            List<ObjectNode> namespace = store.read(tx -> tx.listByRef(Table.SERVICES, "ns-1"));
            assertThat(namespace).isEmpty();
            List<ObjectNode> west = store.read(tx -> tx.list(Table.SERVICES, "west"));
            assertThat(west).containsExactly(cluster("moved"));
            assertThat(store.revision()).isEqualTo(2);
        }
    }

    @Test
    void theStoreDescribesItselfAndASingleReplicaLeads() {
        try (Store store = open()) {
            assertThat(store.describe()).isNotBlank().doesNotContain("password");
            waitUntil(store::isLeader, Duration.ofSeconds(15));
            String written = store.writeAsLeader(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                return "written";
            });
            assertThat(written).isEqualTo("written");
        }
    }

    /** Polls {@code condition} until it holds; fails after {@code limit}. */
    static void waitUntil(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + limit.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void await(CountDownLatch latch) {
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
