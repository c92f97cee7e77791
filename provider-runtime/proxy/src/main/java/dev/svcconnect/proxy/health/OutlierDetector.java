package dev.svcconnect.proxy.health;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Collection;

/**
 * Passive health checking: counts each endpoint's consecutive connection failures and 5xx and
 * ejects it from balancing when they reach the policy's threshold, never ejecting more than the
 * policy's share of the endpoint set. Time comes from the injected {@link Clock}.
 */
public final class OutlierDetector {

    private final OutlierPolicy policy;
    private final Clock clock;

    public OutlierDetector(OutlierPolicy policy, Clock clock) {
        this.policy = requireNonNull(policy, "policy");
        this.clock = requireNonNull(clock, "clock");
    }

    public OutlierPolicy policy() {
        return policy;
    }

    /** Whether the endpoint is ejected now. */
    public boolean isEjected(EndpointHealth health) {
        long until = health.ejectedUntilMillis();
        return until != 0 && clock.millis() < until;
    }

    /** A response that was not a 5xx: the run of failures ends. */
    public void recordSuccess(EndpointHealth health) {
        health.resetFailures();
    }

    /**
     * A connection failure or a 5xx. Ejects the endpoint when the run reaches the threshold and
     * ejecting it keeps the ejected share within the policy.
     *
     * @param group every endpoint of the set, the failed one included
     * @return whether the endpoint was ejected by this failure
     */
    public boolean recordFailure(EndpointHealth health, Collection<EndpointHealth> group) {
        if (health.incrementFailures() < policy.consecutiveFailures() || isEjected(health)) {
            return false;
        }
        synchronized (this) {
            long ejected = group.stream().filter(this::isEjected).count();
            if ((ejected + 1) * 100 > (long) group.size() * policy.maxEjectionPercent()) {
                return false;
            }
            health.eject(clock.millis(), policy);
            return true;
        }
    }
}
