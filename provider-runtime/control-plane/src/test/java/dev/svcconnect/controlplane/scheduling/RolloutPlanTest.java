package dev.svcconnect.controlplane.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutPlanTest {

    @ParameterizedTest(
            name = "desired {0}, max {1}%, min {2}%, primary {3} live / {4} running, old {5} running"
                    + " -> start {6}, keep {7} old")
    @CsvSource({
        // desired, max%, min%, primaryLive, primaryRunning, oldRunning, start, keepOld
        // a new service starts all its tasks
        "4, 200, 100, 0, 0, 0, 4, 0",
        // steady state: nothing to do
        "3, 200, 100, 3, 3, 0, 0, 0",
        // a new deployment with room (200%): all new tasks start, every old one stays until they run
        "4, 200, 100, 0, 0, 4, 4, 4",
        // half the new tasks run: the old ones they replace may stop
        "4, 200, 100, 4, 2, 4, 0, 2",
        // all new tasks run: no old task stays
        "4, 200, 100, 4, 4, 4, 0, 0",
        // no room above 100%, min 50%: an old task stops so that one new task can start
        "4, 100, 50, 0, 0, 4, 1, 3",
        // no room above 100%, min 0%: one task at a time
        "2, 100, 0, 0, 0, 2, 1, 1",
        // min 100% at max 100% keeps every old task: no new task can start
        "2, 100, 100, 0, 0, 2, 0, 2",
        // 150% of 4 is 6: two new tasks fit beside the four old ones
        "4, 150, 100, 0, 0, 4, 2, 4",
        // scaled to zero: nothing starts, no old task stays
        "0, 200, 100, 0, 0, 3, 0, 0",
        // max below desired counts as desired (rounding down never blocks the service)
        "3, 120, 100, 0, 0, 0, 3, 0",
        // min healthy rounds up: 50% of 3 is 2 RUNNING tasks
        "3, 100, 50, 0, 0, 3, 1, 2",
    })
    void followsTheEcsRollingUpdateRules(
            int desired,
            int maximumPercent,
            int minimumHealthyPercent,
            int primaryLive,
            int primaryRunning,
            int oldRunning,
            int start,
            int keepOld) {
        RolloutPlan plan =
                RolloutPlan.of(desired, maximumPercent, minimumHealthyPercent, primaryLive, primaryRunning, oldRunning);

        assertThat(plan).isEqualTo(new RolloutPlan(start, keepOld));
    }

    @Test
    void aNegativeCountIsRefusedWithBothValues() {
        assertThatThrownBy(() -> new RolloutPlan(-1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("start -1, keepOldRunning 2 (expected: 0 or more)");
    }
}
