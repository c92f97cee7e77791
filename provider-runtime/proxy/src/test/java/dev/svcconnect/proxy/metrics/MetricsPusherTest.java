package dev.svcconnect.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
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
