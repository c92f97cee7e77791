package dev.svcconnect.sample.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void drainingRefusesNewRequestsAndWaitsForThoseInProgress() {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.enter()).isTrue();

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return inFlight.drain(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> refused(inFlight));
        assertThat(drained).isNotDone();

        inFlight.exit();

        assertThat(drained.join()).isTrue();
    }

    private static boolean refused(InFlight inFlight) {
        if (inFlight.enter()) {
            inFlight.exit();
            return false;
        }
        return true;
    }

    @Test
    void drainingGivesUpAfterTheGracePeriod() throws InterruptedException {
        InFlight inFlight = new InFlight();
        inFlight.enter();

        assertThat(inFlight.drain(Duration.ofMillis(20))).isFalse();
    }

    @Test
    void drainingWithNothingInProgressReturnsAtOnce() throws InterruptedException {
        assertThat(new InFlight().drain(Duration.ofHours(1))).isTrue();
    }
}
