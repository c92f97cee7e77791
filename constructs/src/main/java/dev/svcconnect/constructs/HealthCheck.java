package dev.svcconnect.constructs;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;

/** A container's health check: a command the host runs in the task, healthy when it exits 0. */
public final class HealthCheck {

    private final List<String> command;
    private final Duration interval;
    private final Duration timeout;
    private final Number retries;
    private final Duration startPeriod;

    private HealthCheck(Builder builder) {
        this.command = List.copyOf(Objects.requireNonNull(builder.command, "command"));
        this.interval = builder.interval;
        this.timeout = builder.timeout;
        this.retries = builder.retries;
        this.startPeriod = builder.startPeriod;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The command: {@code ["CMD", executable, args...]}, {@code ["CMD-SHELL", "shell command"]},
     * or a shell command whose words are the list (run with {@code CMD-SHELL}).
     */
    public List<String> getCommand() {
        return command;
    }

    /**
     * The time between two checks, 5-300 seconds.
     *
     * @default Duration.seconds(30)
     */
    public Duration getInterval() {
        return interval;
    }

    /**
     * How long a check may take before it counts as failed, 2-60 seconds.
     *
     * @default Duration.seconds(5)
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * How many consecutive failures make the container unhealthy, 1-10.
     *
     * @default 3
     */
    public Number getRetries() {
        return retries;
    }

    /**
     * A grace period after start during which failures do not count, 0-300 seconds.
     *
     * @default - no grace period
     */
    public Duration getStartPeriod() {
        return startPeriod;
    }

    /** Builds a {@link HealthCheck}. */
    public static final class Builder {
        private List<String> command;
        private Duration interval;
        private Duration timeout;
        private Number retries;
        private Duration startPeriod;

        private Builder() {}

        /** @see HealthCheck#getCommand() */
        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        /** @see HealthCheck#getInterval() */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** @see HealthCheck#getTimeout() */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** @see HealthCheck#getRetries() */
        public Builder retries(Number retries) {
            this.retries = retries;
            return this;
        }

        /** @see HealthCheck#getStartPeriod() */
        public Builder startPeriod(Duration startPeriod) {
            this.startPeriod = startPeriod;
            return this;
        }

        /** The health check. */
        public HealthCheck build() {
            return new HealthCheck(this);
        }
    }
}
