package dev.svcconnect.proxy.retry;

/**
 * What is retried: a 503 or a failure to connect, up to {@code maxRetries} times on another
 * endpoint, when the request body seen so far fits in {@code maxBufferedBodyBytes} (a body that
 * was streamed past that is not retried). Retries are further bounded by a {@link RetryBudget}.
 *
 * @param maxRetries retries after the first attempt (ECS Service Connect: 2)
 * @param maxBufferedBodyBytes the request body kept for a retry
 */
public record RetryPolicy(int maxRetries, int maxBufferedBodyBytes) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries: " + maxRetries + " (expected: >= 0)");
        }
        if (maxBufferedBodyBytes < 0) {
            throw new IllegalArgumentException("maxBufferedBodyBytes: " + maxBufferedBodyBytes + " (expected: >= 0)");
        }
    }

    /** 2 retries, 64 KiB of body kept. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(2, 64 * 1024);
    }

    /** Whether a response status asks for a retry. */
    public boolean isRetryableStatus(int status) {
        return status == 503;
    }
}
