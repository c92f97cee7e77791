package dev.svcconnect.controlplane.scheduling;

import java.util.OptionalLong;

/**
 * How long a replacement task waits before it starts once its deployment's tasks keep failing:
 * after 3 failed tasks, 5 s, doubling with each further failure up to 60 s.
 */
public final class RestartBackoff {

    /** Failed tasks of a deployment after which its replacements start later and later. */
    static final int FAILURES_BEFORE_BACKOFF = 3;

    static final long FIRST_DELAY_SECONDS = 5;
    static final long MAX_DELAY_SECONDS = 60;

    private RestartBackoff() {}

    /** The delay of a new task of a deployment with {@code failures} failed tasks; none below 3. */
    public static OptionalLong delaySeconds(int failures) {
        if (failures < FAILURES_BEFORE_BACKOFF) {
            return OptionalLong.empty();
        }
        int doublings = Math.min(10, failures - FAILURES_BEFORE_BACKOFF);
        return OptionalLong.of(Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS << doublings));
    }
}
