package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.StoreLocation;
import dev.svcconnect.testsupport.PrivatePostgres;
import dev.svcconnect.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's check for lost hosts on a PostgreSQL store that goes away for a while: a host's
 * heartbeats cannot be recorded while the store is down, so that time does not count against it
 * (docs/ha.md). Host time is on a clock the test moves; the store's lease on its own clock.
 */
class HostLossSweepTest {

    private static final String HOST = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path data;

    private final TestClock clock = new TestClock();

    @Test
    void aStoreOutageDoesNotCountAgainstTheHostsButTheirSilenceAfterItDoes() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
                Store store = Store.open(
                        StoreLocation.parse(
                                "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres?user=postgres",
                                null,
                                Map.of()),
                        data,
                        "only")) {
            HostRegistry hosts = aClusterWithAHost(store);
            HostLossSweep sweep = new HostLossSweep(store, hosts);
            sweepUntil(sweep, store::isLeader);
            clock.advance(Duration.ofSeconds(25));

            postgres.stop();
            sweepUntil(sweep, () -> !store.isLeader());
            postgres.resume();
            sweepUntil(sweep, store::isLeader);
            clock.advance(Duration.ofSeconds(10));
            sweep.run();

            assertThat(active(store))
                    .as("35 s after its last heartbeat, the store down for part of them")
                    .isTrue();

            clock.advance(HostRegistry.DEFAULT_LOSS_TIMEOUT);
            sweep.run();

            assertThat(active(store))
                    .as("a whole timeout without a heartbeat after the store came back")
                    .isFalse();
        }
    }

    /** A cluster with host {@link #HOST}, registered (its first heartbeat) at the clock's time. */
    private HostRegistry aClusterWithAHost(Store store) {
        ResourceNames names = new ResourceNames("000000000000", "us-east-1", clock);
        EcsRegistry registry = new EcsRegistry(names, new CloudMap(names));
        Scheduler scheduler = new Scheduler(registry);
        HostRegistry hosts = new HostRegistry(registry, scheduler);
        TestClusters.create(store, names, "c");
        store.write(tx -> hosts.register(tx, "c", HOST, "EC2", 1024, 2048, "10.0.0.1"));
        return hosts;
    }

    private static boolean active(Store store) {
        return store.read(tx -> Host.find(tx, HOST).orElseThrow().isActive());
    }

    /** Runs the sweep, as the server does each second, until {@code condition} holds (at most 60 s). */
    private static void sweepUntil(HostLossSweep sweep, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the store's lease did not change within 60 s");
            }
            sweep.run();
            Thread.sleep(200);
        }
        sweep.run();
    }
}
