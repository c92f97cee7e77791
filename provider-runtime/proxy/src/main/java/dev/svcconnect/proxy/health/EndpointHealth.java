package dev.svcconnect.proxy.health;

/**
 * The passive health of one endpoint, as seen by an {@link OutlierDetector}: its run of
 * consecutive failures and, when ejected, until when.
 */
public final class EndpointHealth {

    private volatile int consecutiveFailures;
    private volatile long ejectedUntilMillis;
    private int ejections;
    private long lastEjectionEndMillis;

    /** The failures (connection failures and 5xx) since the last success. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How many times this endpoint has been ejected since it last stayed healthy for the maximum ejection time. */
    public synchronized int ejections() {
        return ejections;
    }

    /** The instant (epoch milliseconds) until which the endpoint is ejected; in the past when it is not. */
    public long ejectedUntilMillis() {
        return ejectedUntilMillis;
    }

    void resetFailures() {
        if (consecutiveFailures != 0) {
            consecutiveFailures = 0;
        }
    }

    synchronized int incrementFailures() {
        return ++consecutiveFailures;
    }

    synchronized long eject(long nowMillis, OutlierPolicy policy) {
        if (ejections > 0
                && nowMillis - lastEjectionEndMillis >= policy.maxEjection().toMillis()) {
            ejections = 0;
        }
        long duration = policy.ejectionTime(ejections);
        ejections++;
        consecutiveFailures = 0;
        lastEjectionEndMillis = nowMillis + duration;
        ejectedUntilMillis = lastEjectionEndMillis;
        return duration;
    }
}
