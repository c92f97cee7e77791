package dev.svcconnect.proxy.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When an endpoint is ejected and for how long; {@link #defaults()} are ECS Service Connect's:
 * 5 consecutive failures, 30 s doubling per repeat up to 300 s, at most half the endpoints.
 *
 * @param consecutiveFailures connection failures or 5xx in a row that eject an endpoint
 * @param baseEjection the first ejection's length; each repeat doubles it
 * @param maxEjection the longest ejection
 * @param maxEjectionPercent the share of an endpoint set that may be ejected at once
 */
public record OutlierPolicy(
        int consecutiveFailures, Duration baseEjection, Duration maxEjection, int maxEjectionPercent) {

    public OutlierPolicy {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures: " + consecutiveFailures + " (expected: >= 1)");
        }
        requireNonNull(baseEjection, "baseEjection");
        requireNonNull(maxEjection, "maxEjection");
        if (baseEjection.isNegative() || maxEjection.compareTo(baseEjection) < 0) {
            throw new IllegalArgumentException(
                    "maxEjection: " + maxEjection + " (expected: >= baseEjection " + baseEjection + ")");
        }
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("maxEjectionPercent: " + maxEjectionPercent + " (expected: 0-100)");
        }
    }

    /** 5 failures, 30 s, 300 s, 50 %. */
    public static OutlierPolicy defaults() {
        return new OutlierPolicy(5, Duration.ofSeconds(30), Duration.ofSeconds(300), 50);
    }

    /** The length in milliseconds of an ejection after {@code previousEjections} earlier ones. */
    long ejectionTime(int previousEjections) {
        long max = maxEjection.toMillis();
        long time = baseEjection.toMillis();
        for (int i = 0; i < previousEjections && time < max; i++) {
            time *= 2;
        }
        return Math.min(time, max);
    }
}
