package dev.svcconnect.proxy.retry;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * Bounds retries so that a sick upstream is not stormed: retries in flight may reach
 * {@code ratio} of the requests in flight, and beyond that {@code minPerSecond} more per second
 * are allowed (Linkerd's budget: 20 % plus 10 per second).
 */
public final class RetryBudget {

    private final double ratio;
    private final double minPerSecond;
    private final Clock clock;
    private int retriesInFlight;
    private double tokens;
    private long lastRefillMillis;

    public RetryBudget(double ratio, double minPerSecond, Clock clock) {
        if (ratio < 0) {
            throw new IllegalArgumentException("ratio: " + ratio + " (expected: >= 0)");
        }
        if (minPerSecond < 0) {
            throw new IllegalArgumentException("minPerSecond: " + minPerSecond + " (expected: >= 0)");
        }
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.clock = requireNonNull(clock, "clock");
        this.tokens = minPerSecond;
        this.lastRefillMillis = clock.millis();
    }

    /** 20 % of active requests plus 10 per second. */
    public static RetryBudget defaults(Clock clock) {
        return new RetryBudget(0.2, 10, clock);
    }

    /**
     * Takes one retry from the budget.
     *
     * @param activeRequests the requests in flight on the listener now
     * @return whether the retry may go; if so, call {@link #release()} when it ends
     */
    public synchronized boolean tryAcquire(int activeRequests) {
        if (retriesInFlight < (int) (ratio * activeRequests)) {
            retriesInFlight++;
            return true;
        }
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            retriesInFlight++;
            return true;
        }
        return false;
    }

    /** A retry taken with {@link #tryAcquire(int)} has ended. */
    public synchronized void release() {
        if (retriesInFlight > 0) {
            retriesInFlight--;
        }
    }

    private void refill() {
        long now = clock.millis();
        long elapsed = now - lastRefillMillis;
        if (elapsed > 0) {
            tokens = Math.min(minPerSecond, tokens + elapsed * minPerSecond / 1000.0);
            lastRefillMillis = now;
        }
    }
}
