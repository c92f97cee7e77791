package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL (a database of this test's own on the machine's PostgreSQL),
 * and what replicas sharing one database rely on.
 */
class PostgresStoreTest extends StoreContract {

    private static final AtomicInteger REPLICAS = new AtomicInteger();

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Override
    Store open() {
        return replica("replica-" + REPLICAS.incrementAndGet());
    }

    private Store replica(String id) {
        return Store.open(StoreLocation.parse(database.url(), null, Map.of()), null, id);
    }

    @Test
    void aWriteAcknowledgedByOneReplicaIsReadByTheNextCallToAnother() {
        try (Store one = replica("one");
                Store two = replica("two")) {
            for (int i = 0; i < 20; i++) {
                String name = "c" + i;
                one.write(tx -> {
                    tx.put(Table.CLUSTERS, name, "-", null, cluster(name));
                    return null;
                });
                Optional<ObjectNode> seen = two.read(tx -> tx.get(Table.CLUSTERS, name));
                assertThat(seen).as("read through the other replica").contains(cluster(name));
            }
        }
    }

    @Test
    void aCommitThroughOneReplicaWakesTheListenersOfAnother() {
        try (Store one = replica("one");
                Store two = replica("two")) {
            List<Long> heard = new CopyOnWriteArrayList<>();
            two.onCommit(heard::add);

            one.write(tx -> {
                tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                return null;
            });

            waitUntil(() -> heard.contains(1L), Duration.ofSeconds(10));
            assertThat(two.revision()).isEqualTo(1);
        }
    }

    @Test
    void writesOfTwoReplicasRacingOnOneRowLoseNoUpdate() throws Exception {
        try (Store one = replica("one");
                Store two = replica("two")) {
            one.write(tx -> {
                tx.put(Table.CLUSTERS, "counter", "-", null, counter(0));
                return null;
            });
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> increment(one, 50));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> increment(two, 50));
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);

            ObjectNode counter =
                    one.read(tx -> tx.get(Table.CLUSTERS, "counter")).orElseThrow();
            assertThat(counter.get("count").asInt()).isEqualTo(100);
            assertThat(two.read(Transaction::revision)).isEqualTo(101);
        }
    }

    @Test
    void exactlyOneReplicaLeadsAndAFollowerCannotWriteAsLeader() {
        try (Store one = replica("one")) {
            waitUntil(one::isLeader, Duration.ofSeconds(10));
            try (Store two = replica("two")) {
                assertThat(two.isLeader()).isFalse();
                assertThatThrownBy(() -> two.writeAsLeader(tx -> {
                            tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                            return null;
                        }))
                        .isInstanceOf(NotLeaderException.class)
                        .hasMessage("replica two does not hold the scheduler lease");
                List<ObjectNode> before = two.read(tx -> tx.listAll(Table.CLUSTERS));
                assertThat(before).isEmpty();

                one.close();

                waitUntil(two::isLeader, Duration.ofSeconds(10));
                two.writeAsLeader(tx -> {
                    tx.put(Table.CLUSTERS, "a", "-", null, cluster("a"));
                    return null;
                });
                List<ObjectNode> after = two.read(tx -> tx.listAll(Table.CLUSTERS));
                assertThat(after).containsExactly(cluster("a"));
            }
        }
    }

    @Test
    void aHeartbeatRecordedThroughOneReplicaIsSeenByAnother() {
        try (Store one = replica("one");
                Store two = replica("two")) {
            one.recordHeartbeat("host-1", 1_000);
            one.recordHeartbeat("host-1", 5_000);
            two.recordHeartbeat("host-1", 4_000);

            assertThat(two.heartbeats()).containsEntry("host-1", 5_000L);
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsRefusedWithItsLocation() {
        StoreLocation nowhere = StoreLocation.parse("jdbc:postgresql://127.0.0.1:1/none?user=postgres", null, Map.of());

        assertThatThrownBy(() -> Store.open(nowhere, null, "lonely"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to postgresql://127.0.0.1:1/none (user postgres): ");
    }

    private static void increment(Store store, int times) {
        for (int i = 0; i < times; i++) {
            store.write(tx -> {
                ObjectNode counter = tx.get(Table.CLUSTERS, "counter").orElseThrow();
                tx.put(
                        Table.CLUSTERS,
                        "counter",
                        "-",
                        null,
                        counter(counter.get("count").asInt() + 1));
                return null;
            });
        }
    }

    private static ObjectNode counter(int count) {
        return Json.mapper().createObjectNode().put("count", count);
    }
}
