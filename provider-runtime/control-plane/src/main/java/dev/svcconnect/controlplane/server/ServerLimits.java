package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one client may hold of a control plane: connections, time to send a request, held watch
 * requests and places in the API queue. Defaults follow what serious servers use (Tomcat's 8192
 * connections, nginx's 75 s keep-alive, Apache's minimum body rate) so that no client can hold
 * memory or threads for ever, and a long-poll that waits for a change is never cut.
 *
 * <pre>{@code
 * ServerLimits limits = ServerLimits.builder().maxConnectionsPerAddress(256).build();
 * }</pre>
 *
 * @param maxConnections connections open at a time, all clients together; more are closed at accept
 * @param maxConnectionsPerAddress connections open at a time from one client address
 * @param requestHeadTimeout from a connection's accept, or from the first byte of a later request,
 *     to the end of the request head; then 408
 * @param requestBodyTimeout the time a request body may take before {@code minBodyBytesPerSecond} applies
 * @param minBodyBytesPerSecond each byte received extends the body's deadline by 1/this of a second
 * @param idleTimeout how long a keep-alive connection may wait between requests
 * @param apiQueue API calls waiting for a thread; more are answered {@code ThrottlingException}
 * @param maxWatchers watch requests held at a time, all callers together
 * @param maxWatchersPerCaller watch requests held at a time by one caller
 */
public record ServerLimits(
        int maxConnections,
        int maxConnectionsPerAddress,
        Duration requestHeadTimeout,
        Duration requestBodyTimeout,
        int minBodyBytesPerSecond,
        Duration idleTimeout,
        int apiQueue,
        int maxWatchers,
        int maxWatchersPerCaller) {

    public static final int DEFAULT_MAX_CONNECTIONS = 8192;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1024;
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MIN_BODY_BYTES_PER_SECOND = 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);
    public static final int DEFAULT_API_QUEUE = 256;
    public static final int DEFAULT_MAX_WATCHERS = 4096;
    public static final int DEFAULT_MAX_WATCHERS_PER_CALLER = 1024;

    public ServerLimits {
        positive("maxConnections", maxConnections);
        positive("maxConnectionsPerAddress", maxConnectionsPerAddress);
        timeout("requestHeadTimeout", requestHeadTimeout);
        timeout("requestBodyTimeout", requestBodyTimeout);
        positive("minBodyBytesPerSecond", minBodyBytesPerSecond);
        timeout("idleTimeout", idleTimeout);
        positive("apiQueue", apiQueue);
        positive("maxWatchers", maxWatchers);
        positive("maxWatchersPerCaller", maxWatchersPerCaller);
    }

    /** The defaults. */
    public static ServerLimits defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: at least 1)");
        }
        return value;
    }

    private static Duration timeout(String name, Duration value) {
        requireNonNull(value, name);
        if (value.toMillis() < 100 || value.toHours() > 24) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: 100 ms to 24 h)");
        }
        return value;
    }

    /** Builds {@link ServerLimits}, checking each value as it is set. */
    public static final class Builder {
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private Duration requestHeadTimeout = DEFAULT_REQUEST_HEAD_TIMEOUT;
        private Duration requestBodyTimeout = DEFAULT_REQUEST_BODY_TIMEOUT;
        private int minBodyBytesPerSecond = DEFAULT_MIN_BODY_BYTES_PER_SECOND;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int apiQueue = DEFAULT_API_QUEUE;
        private int maxWatchers = DEFAULT_MAX_WATCHERS;
        private int maxWatchersPerCaller = DEFAULT_MAX_WATCHERS_PER_CALLER;

        private Builder() {}

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = positive("maxConnections", maxConnections);
            return this;
        }

        public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = positive("maxConnectionsPerAddress", maxConnectionsPerAddress);
            return this;
        }

        public Builder requestHeadTimeout(Duration requestHeadTimeout) {
            this.requestHeadTimeout = timeout("requestHeadTimeout", requestHeadTimeout);
            return this;
        }

        public Builder requestBodyTimeout(Duration requestBodyTimeout) {
            this.requestBodyTimeout = timeout("requestBodyTimeout", requestBodyTimeout);
            return this;
        }

        public Builder minBodyBytesPerSecond(int minBodyBytesPerSecond) {
            this.minBodyBytesPerSecond = positive("minBodyBytesPerSecond", minBodyBytesPerSecond);
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = timeout("idleTimeout", idleTimeout);
            return this;
        }

        public Builder apiQueue(int apiQueue) {
            this.apiQueue = positive("apiQueue", apiQueue);
            return this;
        }

        public Builder maxWatchers(int maxWatchers) {
            this.maxWatchers = positive("maxWatchers", maxWatchers);
            return this;
        }

        public Builder maxWatchersPerCaller(int maxWatchersPerCaller) {
            this.maxWatchersPerCaller = positive("maxWatchersPerCaller", maxWatchersPerCaller);
            return this;
        }

        /** @throws IllegalArgumentException when a per-client cap is above its total */
        public ServerLimits build() {
            if (maxConnectionsPerAddress > maxConnections) {
                throw new IllegalArgumentException("maxConnectionsPerAddress: " + maxConnectionsPerAddress
                        + " (expected: at most maxConnections, " + maxConnections + ")");
            }
            if (maxWatchersPerCaller > maxWatchers) {
                throw new IllegalArgumentException("maxWatchersPerCaller: " + maxWatchersPerCaller
                        + " (expected: at most maxWatchers, " + maxWatchers + ")");
            }
            return new ServerLimits(
                    maxConnections,
                    maxConnectionsPerAddress,
                    requestHeadTimeout,
                    requestBodyTimeout,
                    minBodyBytesPerSecond,
                    idleTimeout,
                    apiQueue,
                    maxWatchers,
                    maxWatchersPerCaller);
        }
    }
}
