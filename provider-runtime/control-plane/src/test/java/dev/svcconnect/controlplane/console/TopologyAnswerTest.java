package dev.svcconnect.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.metrics.MetricsReport;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.testsupport.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyAnswerTest {

    private final MetricsWindow window = new MetricsWindow(new TestClock(Instant.parse("2026-01-01T00:00:00Z")), 100);

    private static final List<TopologyAnswer.Node> NODES = List.of(
            new TopologyAnswer.Node("east/appserver", "appserver", "east", List.of("appserver")),
            new TopologyAnswer.Node("west/appserver", "appserver", "west", List.of("appserver")),
            new TopologyAnswer.Node("east/webui", "webui", "east", List.of("webui")));

    private void calls(String namespace, String service, String target, long ok, long errors, long bytes) {
        window.record(
                new MetricsWindow.Origin(namespace, service, "east", service + "-task"),
                new MetricsReport(
                        service,
                        "east",
                        1,
                        0,
                        List.of(new ListenerCounters(
                                Direction.OUTBOUND,
                                target,
                                0,
                                0,
                                bytes,
                                ok + errors,
                                0,
                                ok,
                                0,
                                0,
                                errors,
                                ok + errors,
                                0,
                                List.of()))));
    }

    @Test
    void anEdgeGoesFromTheCallingServiceToTheDiscoveryNameWithItsRateAndErrorShare() {
        calls("shop", "webui", "appserver", 8, 2, 600);

        TopologyAnswer topology = TopologyAnswer.of("shop", NODES, window);

        assertThat(topology.namespace()).isEqualTo("shop");
        assertThat(topology.nodes()).isEqualTo(NODES);
        assertThat(topology.windowSeconds()).isEqualTo(60);
        assertThat(topology.edges())
                .containsExactly(new TopologyAnswer.Edge(
                        "east/webui",
                        "appserver",
                        List.of("east/appserver", "west/appserver"),
                        10,
                        10 / 60.0,
                        600 / 60.0,
                        0.2));
    }

    @Test
    void callsWithoutRequestsOrBytesAndCallsOfOtherNamespacesMakeNoEdge() {
        calls("shop", "appserver", "db", 0, 0, 0);
        calls("other", "webui", "appserver", 5, 0, 10);

        assertThat(TopologyAnswer.of("shop", NODES, window).edges()).isEmpty();
    }

    @Test
    void aDiscoveryNameNoServiceServesHasNoTargetNodes() {
        calls("shop", "webui", "payments", 1, 0, 0);

        assertThat(TopologyAnswer.of("shop", NODES, window).edges())
                .singleElement()
                .satisfies(edge -> {
                    assertThat(edge.targetNodes()).isEmpty();
                    assertThat(edge.errorShare()).isZero();
                });
    }
}
