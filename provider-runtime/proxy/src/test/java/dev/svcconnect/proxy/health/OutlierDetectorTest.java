package dev.svcconnect.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.testsupport.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {

    private final TestClock clock = new TestClock();
    private final OutlierDetector detector = new OutlierDetector(OutlierPolicy.defaults(), clock);
    private final EndpointHealth a = new EndpointHealth();
    private final EndpointHealth b = new EndpointHealth();
    private final EndpointHealth c = new EndpointHealth();
    private final List<EndpointHealth> group = List.of(a, b, c);

    private boolean fail(EndpointHealth health, int times) {
        boolean ejected = false;
        for (int i = 0; i < times; i++) {
            ejected = detector.recordFailure(health, group);
        }
        return ejected;
    }

    @Test
    void fiveConsecutiveFailuresEjectForExactlyThirtySeconds() {
        assertThat(fail(a, 4)).isFalse();
        assertThat(detector.isEjected(a)).isFalse();

        assertThat(fail(a, 1)).isTrue();
        clock.advance(Duration.ofMillis(29_999));
        assertThat(detector.isEjected(a)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(detector.isEjected(a)).isFalse();
    }

    @Test
    void aSuccessEndsTheRunOfFailures() {
        fail(a, 4);
        detector.recordSuccess(a);

        assertThat(fail(a, 4)).isFalse();
        assertThat(detector.isEjected(a)).isFalse();
    }

    @Test
    void repeatedEjectionsDoubleUpToThreeHundredSeconds() {
        long[] expectedSeconds = {30, 60, 120, 240, 300, 300};
        for (long seconds : expectedSeconds) {
            fail(a, 5);
            clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertThat(detector.isEjected(a))
                    .as("ejected through %d s", seconds)
                    .isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(detector.isEjected(a)).as("back after %d s", seconds).isFalse();
        }
        assertThat(a.ejections()).isEqualTo(6);
    }

    @Test
    void theEjectionLengthResetsAfterStayingHealthyForTheMaximumEjectionTime() {
        fail(a, 5);
        clock.advance(Duration.ofSeconds(30));
        fail(a, 5);
        clock.advance(Duration.ofSeconds(60 + 300));

        fail(a, 5);
        clock.advance(Duration.ofSeconds(30));

        assertThat(detector.isEjected(a)).isFalse();
    }

    @Test
    void neverEjectsMoreThanHalfTheEndpoints() {
        assertThat(fail(a, 5)).isTrue();
        assertThat(fail(b, 5)).as("a second of three would be more than half").isFalse();
        assertThat(detector.isEjected(b)).isFalse();

        EndpointHealth only = new EndpointHealth();
        assertThat(detector.recordFailure(only, List.of(only))).isFalse();
        for (int i = 0; i < 10; i++) {
            detector.recordFailure(only, List.of(only));
        }
        assertThat(detector.isEjected(only))
                .as("a lone endpoint is never ejected")
                .isFalse();
    }

    @Test
    void policiesAreCheckedAsTheyAreBuilt() {
        assertThatThrownBy(() -> new OutlierPolicy(0, Duration.ofSeconds(30), Duration.ofSeconds(300), 50))
                .hasMessage("consecutiveFailures: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new OutlierPolicy(5, Duration.ofSeconds(30), Duration.ofSeconds(10), 50))
                .hasMessage("maxEjection: PT10S (expected: >= baseEjection PT30S)");
        assertThatThrownBy(() -> new OutlierPolicy(5, Duration.ofSeconds(30), Duration.ofSeconds(300), 101))
                .hasMessage("maxEjectionPercent: 101 (expected: 0-100)");
    }
}
