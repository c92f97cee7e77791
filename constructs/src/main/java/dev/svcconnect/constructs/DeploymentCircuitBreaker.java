package dev.svcconnect.constructs;

/**
 * Ends a deployment whose tasks keep failing to start or to become healthy, and optionally rolls
 * the service back to its last deployment that reached a steady state.
 */
public final class DeploymentCircuitBreaker {

    private final Boolean enable;
    private final Boolean rollback;

    private DeploymentCircuitBreaker(Builder builder) {
        this.enable = builder.enable;
        this.rollback = builder.rollback;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the circuit breaker is on.
     *
     * @default true
     */
    public Boolean getEnable() {
        return enable;
    }

    /**
     * Whether a failed deployment rolls back.
     *
     * @default false
     */
    public Boolean getRollback() {
        return rollback;
    }

    /** Builds a {@link DeploymentCircuitBreaker}. */
    public static final class Builder {
        private Boolean enable;
        private Boolean rollback;

        private Builder() {}

        /** @see DeploymentCircuitBreaker#getEnable() */
        public Builder enable(Boolean enable) {
            this.enable = enable;
            return this;
        }

        /** @see DeploymentCircuitBreaker#getRollback() */
        public Builder rollback(Boolean rollback) {
            this.rollback = rollback;
            return this;
        }

        /** The circuit breaker. */
        public DeploymentCircuitBreaker build() {
            return new DeploymentCircuitBreaker(this);
        }
    }
}
