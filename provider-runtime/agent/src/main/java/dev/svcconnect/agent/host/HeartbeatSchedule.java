package dev.svcconnect.agent.host;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When an agent sends its next heartbeat: one {@code interval} after a heartbeat that got through,
 * and soon after one that failed ({@code retry}, doubling up to {@code maxRetry}), so that a host
 * whose network comes back is heard from again within seconds, not up to a whole interval later. The
 * control plane marks a host lost after {@code HostRegistry.DEFAULT_LOSS_TIMEOUT} (three intervals)
 * without a heartbeat: waiting out the interval after a partition heals would spend a third of
 * that timeout, and a partition shorter than the timeout could still cost the host its tasks.
 *
 * <pre>{@code
 * HeartbeatSchedule schedule = new HeartbeatSchedule(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(2));
 * Duration next = schedule.after(sent);
 * }</pre>
 */
final class HeartbeatSchedule {

    private final Duration interval;
    private final Duration retry;
    private final Duration maxRetry;
    private Duration nextRetry;

    /**
     * @param interval the wait after a heartbeat that got through
     * @param retry the first wait after a failed heartbeat
     * @param maxRetry the longest wait after failed heartbeats (from {@code retry} to {@code interval})
     */
    HeartbeatSchedule(Duration interval, Duration retry, Duration maxRetry) {
        this.interval = positive(interval, "interval");
        this.retry = positive(retry, "retry");
        this.maxRetry = requireNonNull(maxRetry, "maxRetry");
        if (maxRetry.compareTo(retry) < 0 || maxRetry.compareTo(interval) > 0) {
            throw new IllegalArgumentException(
                    "maxRetry: " + maxRetry + " (expected: from retry " + retry + " to interval " + interval + ")");
        }
        this.nextRetry = retry;
    }

    private static Duration positive(Duration value, String name) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: more than 0)");
        }
        return value;
    }

    /** The wait before the next heartbeat, after one that got through ({@code sent}) or failed. */
    synchronized Duration after(boolean sent) {
        if (sent) {
            nextRetry = retry;
            return interval;
        }
        Duration wait = nextRetry;
        Duration doubled = nextRetry.multipliedBy(2);
        nextRetry = doubled.compareTo(maxRetry) > 0 ? maxRetry : doubled;
        return wait;
    }
}
