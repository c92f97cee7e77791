package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.api.ecs.EcsRegistry;
import dev.svcconnect.controlplane.api.ecs.HostLossSweep;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import dev.svcconnect.controlplane.api.ecs.Scheduler;
import dev.svcconnect.controlplane.api.ecs.TestClusters;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.StoreLocation;
import dev.svcconnect.model.watch.HostRegistration;
import dev.svcconnect.testsupport.TestClock;
import dev.svcconnect.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host lost by the leader registers again through another replica of the same PostgreSQL store:
 * its registration is its heartbeat for every replica, so the leader does not count it lost again
 * on the heartbeat it had before (docs/ha.md). Host time is on a clock the test moves.
 */
class HostRegistrationAcrossReplicasTest {

    private static final String HOST = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path data;

    private final TestClock clock = new TestClock();

    /** One replica's view: its store and its host registry. */
    private record Replica(Store store, HostRegistry hosts, Scheduler scheduler) {}

    @Test
    void aHostRegisteredAgainThroughAFollowerIsNotLostAgainByTheLeader() throws Exception {
        try (TestDatabase database = TestDatabase.create();
                Store leaderStore = open(database, "leader");
                Store followerStore = open(database, "follower")) {
            Replica leader = replica(leaderStore);
            Replica follower = replica(followerStore);
            TestClusters.create(leaderStore, new ResourceNames("000000000000", "us-east-1", clock), "c");
            HostLossSweep sweep = new HostLossSweep(leaderStore, leader.hosts());
            awaitLeading(leaderStore);
            sweep.run();
            WatchApi viaFollower =
                    new WatchApi(followerStore, follower.scheduler(), follower.hosts(), new WatchHub(followerStore));
            HostRegistration registration = new HostRegistration("c", HOST, "EC2", 1024, 2048, "10.0.0.1");
            viaFollower.registerHost(registration);
            viaFollower.heartbeat(HOST);
            clock.advance(HostRegistry.DEFAULT_LOSS_TIMEOUT.plusSeconds(1));
            sweep.run();
            assertThat(active(leaderStore)).as("silent for a whole timeout").isFalse();

            viaFollower.registerHost(registration);
            clock.advance(Duration.ofSeconds(1));
            sweep.run();

            assertThat(active(leaderStore))
                    .as("a second after it registered again through the follower")
                    .isTrue();
        }
    }

    private Store open(TestDatabase database, String replicaId) {
        return Store.open(StoreLocation.parse(database.url(), null, Map.of()), data.resolve(replicaId), replicaId);
    }

    private Replica replica(Store store) {
        ResourceNames names = new ResourceNames("000000000000", "us-east-1", clock);
        EcsRegistry registry = new EcsRegistry(names, new CloudMap(names));
        Scheduler scheduler = new Scheduler(registry);
        return new Replica(store, new HostRegistry(registry, scheduler), scheduler);
    }

    private static void awaitLeading(Store store) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!store.isLeader()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the first replica did not take the lease within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static boolean active(Store store) {
        return store.read(tx -> Host.find(tx, HOST).orElseThrow().isActive());
    }
}
