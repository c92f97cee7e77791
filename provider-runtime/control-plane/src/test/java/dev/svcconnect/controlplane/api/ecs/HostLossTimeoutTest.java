package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host is lost after the control plane's host loss timeout without a heartbeat: 30 s unless
 * configured ({@code --host-loss-timeout}), on a clock the test moves.
 */
class HostLossTimeoutTest {

    @TempDir
    Path data;

    private static final String HOST = "0123456789abcdef0123456789abcdef";

    private final TestClock clock = new TestClock();
    private Store store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
    }

    private HostRegistry registryWithAHost(Duration lossTimeout) {
        store = Store.open(data);
        ResourceNames names = new ResourceNames("000000000000", "us-east-1", clock);
        EcsRegistry registry = new EcsRegistry(names, new CloudMap(names));
        Scheduler scheduler = new Scheduler(registry);
        HostRegistry hosts = new HostRegistry(registry, scheduler, lossTimeout);
        new EcsApi(store, registry, scheduler, hosts)
                .api()
                .operations()
                .get("CreateCluster")
                .handle(new Params(
                        Json.mapper().createObjectNode().put("clusterName", "web"),
                        "InvalidParameterException",
                        "us-east-1"));
        store.write(tx -> hosts.register(tx, "web", HOST, "EC2", 1024, 2048, "10.0.0.5"));
        return hosts;
    }

    private List<String> lostAfter(HostRegistry hosts, Duration silence) {
        clock.advance(silence);
        return store.read(hosts::lostHosts);
    }

    @Test
    void aHostIsLostAfterThirtySecondsWithoutAHeartbeatByDefault() {
        HostRegistry hosts = registryWithAHost(HostRegistry.DEFAULT_LOSS_TIMEOUT);

        assertThat(lostAfter(hosts, Duration.ofSeconds(29))).isEmpty();
        assertThat(lostAfter(hosts, Duration.ofSeconds(1))).containsExactly(HOST);
    }

    @Test
    void aLongerLossTimeoutKeepsAHostWhoseAgentTakesLongerToComeBack() {
        HostRegistry hosts = registryWithAHost(Duration.ofSeconds(90));

        assertThat(lostAfter(hosts, Duration.ofSeconds(45))).isEmpty();
        hosts.heartbeat(HOST);
        assertThat(lostAfter(hosts, Duration.ofSeconds(89))).isEmpty();
        assertThat(lostAfter(hosts, Duration.ofSeconds(1))).containsExactly(HOST);
    }

    @Test
    void theLossTimeoutIsAtLeastTwoHeartbeatIntervalsAndAtMostAnHour() {
        assertThat(ControlPlaneConfig.builder()
                        .hostLossTimeout(Duration.ofSeconds(90))
                        .build()
                        .hostLossTimeout())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(ControlPlaneConfig.builder().build().hostLossTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> ControlPlaneConfig.builder()
                        .hostLossTimeout(Duration.ofSeconds(19))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hostLossTimeout: 19 s (expected: 20 to 3600 s)");
        assertThatThrownBy(() -> ControlPlaneConfig.builder()
                        .hostLossTimeout(Duration.ofHours(2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hostLossTimeout: 7200 s (expected: 20 to 3600 s)");
    }
}
