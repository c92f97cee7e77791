package dev.svcconnect.controlplane.replicas;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.StoreLocation;
import dev.svcconnect.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes taken by one replica reach every other once, through the store; a single store shares none. */
class PushSharingTest {

    @TempDir
    Path data;

    /** What one replica applied, as {@code kind task body}. */
    private static final class Applied {
        final List<String> pushes = new CopyOnWriteArrayList<>();

        Map<String, PushSharing.Receiver> receivers() {
            return Map.of(
                    PushSharing.METRICS, (task, body) -> apply("metrics", task, body),
                    PushSharing.LOGS, (task, body) -> apply("logs", task, body));
        }

        private void apply(String kind, String task, byte[] body) {
            String text = new String(body, UTF_8);
            if (text.equals("refused")) {
                throw new ApiException("InvalidParameterException", "The body is refused.");
            }
            pushes.add(kind + " " + task + " " + text);
        }
    }

    private static Store replica(TestDatabase database, String id) {
        return Store.open(StoreLocation.parse(database.url(), null, Map.of()), null, id);
    }

    @Test
    void aPushTakenByOneReplicaIsAppliedByEachOtherOnceInOrder() {
        try (TestDatabase database = TestDatabase.create();
                Store a = replica(database, "a");
                Store b = replica(database, "b");
                Store c = replica(database, "c")) {
            Applied onA = new Applied();
            Applied onB = new Applied();
            Applied onC = new Applied();
            PushSharing sharingA = new PushSharing(a, onA.receivers());
            PushSharing sharingB = new PushSharing(b, onB.receivers());
            PushSharing sharingC = new PushSharing(c, onC.receivers());

            sharingA.accept(PushSharing.METRICS, "t1", "m1".getBytes(UTF_8));
            sharingA.accept(PushSharing.LOGS, "t1", "l1".getBytes(UTF_8));
            sharingB.accept(PushSharing.METRICS, "t2", "m2".getBytes(UTF_8));

            assertThat(onA.pushes).containsExactly("metrics t1 m1", "logs t1 l1");
            assertThat(sharingA.pull()).isEqualTo(1);
            assertThat(sharingB.pull()).isEqualTo(2);
            assertThat(sharingC.pull()).isEqualTo(3);
            assertThat(sharingA.pull() + sharingB.pull() + sharingC.pull()).isZero();

            assertThat(onA.pushes).containsExactly("metrics t1 m1", "logs t1 l1", "metrics t2 m2");
            assertThat(onB.pushes).containsExactly("metrics t2 m2", "metrics t1 m1", "logs t1 l1");
            assertThat(onC.pushes).containsExactly("metrics t1 m1", "logs t1 l1", "metrics t2 m2");
        }
    }

    @Test
    void aRefusedPushIsAnsweredAsSuchAndSharedWithNone() {
        try (TestDatabase database = TestDatabase.create();
                Store a = replica(database, "a");
                Store b = replica(database, "b")) {
            Applied onB = new Applied();
            PushSharing sharingA = new PushSharing(a, new Applied().receivers());
            PushSharing sharingB = new PushSharing(b, onB.receivers());

            assertThatThrownBy(() -> sharingA.accept(PushSharing.METRICS, "t1", "refused".getBytes(UTF_8)))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("The body is refused.");
            assertThatThrownBy(() -> sharingA.accept("traces", "t1", "x".getBytes(UTF_8)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kind: 'traces' (expected one of: ");

            assertThat(sharingB.pull()).isZero();
            assertThat(onB.pushes).isEmpty();
        }
    }

    @Test
    void theStoreKeepsPushesForTheRetentionOnly() {
        try (TestDatabase database = TestDatabase.create();
                Store a = replica(database, "a")) {
            new PushSharing(a, new Applied().receivers()).accept(PushSharing.LOGS, "t1", "l1".getBytes(UTF_8));
            database.sql("UPDATE pushes SET received_at = now() - interval '61 seconds'");

            assertThat(a.forgetPushes(PushSharing.RETENTION)).isEqualTo(1);
            assertThat(database.sql("SELECT count(*) FROM pushes").trim()).isEqualTo("0");
        }
    }

    @Test
    void aSingleStoreSharesNothingAndAppliesWhatItTakes() {
        try (Store single = Store.open(data)) {
            Applied applied = new Applied();
            PushSharing sharing = new PushSharing(single, applied.receivers());

            sharing.accept(PushSharing.METRICS, "t1", "m1".getBytes(UTF_8));

            assertThat(applied.pushes).containsExactly("metrics t1 m1");
            assertThat(sharing.pull()).isZero();
        }
    }
}
