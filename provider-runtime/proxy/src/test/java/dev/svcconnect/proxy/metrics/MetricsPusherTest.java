package dev.svcconnect.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsPusherTest extends Closer {

    @Test
    void reportsAnUnreachableControlPlaneCannotTakeAreDroppedWithoutBlocking() {
        ProxyMetrics metrics = new ProxyMetrics("webui", "east");
        metrics.listener(Direction.INBOUND, "webui").requestReceived(false);
        URI nobody = URI.create("http://" + Configs.freeAddress());
        MetricsPusher pusher =
                closing(MetricsPusher.start(nobody, Optional.empty(), "0123abcd", metrics, Duration.ofHours(1)));

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            pusher.push();
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        await().until(() -> pusher.dropped() == 100);
        assertThat(pusher.sent()).isZero();
        assertThat(elapsedMillis)
                .as("100 pushes return at once, whatever the answer")
                .isLessThan(5_000);
    }

    @Test
    void aReplicaThatDoesNotAnswerHandsTheNextReportToTheNextReplica() throws Exception {
        AtomicInteger taken = new AtomicInteger();
        HttpServer replica = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replica.createContext("/watch/v1/tasks/0123abcd/metrics", exchange -> {
            exchange.getRequestBody().readAllBytes();
            taken.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        replica.start();
        try {
            ControlPlaneEndpoints replicas = ControlPlaneEndpoints.parse(
                    "--control-plane",
                    "http://" + Configs.freeAddress() + ",http://127.0.0.1:"
                            + replica.getAddress().getPort());
            ProxyMetrics metrics = new ProxyMetrics("webui", "east");
            MetricsPusher pusher =
                    closing(MetricsPusher.start(replicas, Optional.empty(), "0123abcd", metrics, Duration.ofHours(1)));

            pusher.push();
            await().until(() -> pusher.dropped() == 1);
            pusher.push();

            await().until(() -> pusher.sent() == 1);
            assertThat(taken.get()).isEqualTo(1);
        } finally {
            replica.stop(0);
        }
    }

    @Test
    void anIntervalUnder10MillisecondsIsRefused() {
        assertThatThrownBy(() -> MetricsPusher.start(
                        URI.create("http://127.0.0.1:1"),
                        Optional.empty(),
                        "ab",
                        new ProxyMetrics(null, null),
                        Duration.ofMillis(1)))
                .hasMessage("interval: PT0.001S (expected: 10 ms or more)");
    }
}
