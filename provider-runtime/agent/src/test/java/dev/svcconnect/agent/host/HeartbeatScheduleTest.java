package dev.svcconnect.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatScheduleTest {

    private final HeartbeatSchedule schedule =
            new HeartbeatSchedule(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(2));

    @Test
    void aHeartbeatThatGotThroughWaitsTheInterval() {
        assertThat(schedule.after(true)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.after(true)).isEqualTo(Duration.ofSeconds(10));
    }

    /**
     * A host cut off for less than the control plane's loss timeout (30 s) keeps its tasks only if
     * it is heard from soon after the partition heals: failed heartbeats are sent again within
     * seconds, not an interval later.
     */
    @Test
    void aFailedHeartbeatIsSentAgainSoonBackingOffUpToTheLongestRetry() {
        assertThat(schedule.after(false)).isEqualTo(Duration.ofMillis(500));
        assertThat(schedule.after(false)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.after(false)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.after(false)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aHeartbeatThatGotThroughStartsTheBackoffOver() {
        schedule.after(false);
        schedule.after(false);
        assertThat(schedule.after(true)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.after(false)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void waitsOutOfOrderAreRefusedNamingTheField() {
        assertThatThrownBy(() ->
                        new HeartbeatSchedule(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRetry: PT11S (expected: from retry PT1S to interval PT10S)");
        assertThatThrownBy(() -> new HeartbeatSchedule(Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval: PT0S (expected: more than 0)");
    }
}
