package dev.svcconnect.proxy.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final TestClock clock = new TestClock();
    private final RetryBudget budget = RetryBudget.defaults(clock);

    @Test
    void withNothingInFlightTenRetriesPerSecondAreAllowed() {
        for (int i = 0; i < 10; i++) {
            assertThat(budget.tryAcquire(0)).as("retry %d", i).isTrue();
        }
        assertThat(budget.tryAcquire(0)).isFalse();

        clock.advance(Duration.ofMillis(99));
        assertThat(budget.tryAcquire(0)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.tryAcquire(0)).isTrue();
        assertThat(budget.tryAcquire(0)).isFalse();
    }

    @Test
    void twentyPercentOfActiveRequestsMayBeRetriedAtOnceBeyondThePerSecondAllowance() {
        int granted = 0;
        while (budget.tryAcquire(100)) {
            granted++;
        }
        assertThat(granted).isEqualTo(20 + 10);

        for (int i = 0; i < 10; i++) {
            budget.release();
        }
        assertThat(budget.tryAcquire(100))
                .as("20 in flight: the ratio is used up")
                .isFalse();
        budget.release();
        assertThat(budget.tryAcquire(100))
                .as("19 in flight: one more fits the ratio")
                .isTrue();
    }

    @Test
    void policyRetriesOnly503() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertThat(policy.maxRetries()).isEqualTo(2);
        assertThat(policy.isRetryableStatus(503)).isTrue();
        assertThat(policy.isRetryableStatus(500)).isFalse();
        assertThat(policy.isRetryableStatus(502)).isFalse();
    }
}
