package dev.svcconnect.model.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.proxy.Direction;
import java.util.List;

/**
 * The cumulative counters of one direction and discovery name of a proxy, under ECS Service
 * Connect's metric names. Inbound: {@code ActiveConnectionCount} (a gauge),
 * {@code NewConnectionCount}, {@code ProcessedBytes}, {@code RequestCount},
 * {@code GrpcRequestCount}. Outbound: {@code TargetProcessedBytes} ({@code bytes}),
 * {@code RequestCountPerTarget} ({@code requests}), {@code HTTPCode_Target_2XX_Count}..{@code 5XX},
 * {@code TargetResponseTime} (count, sum and cumulative buckets, in milliseconds).
 *
 * @param direction inbound (by {@code DiscoveryName}) or outbound (by {@code TargetDiscoveryName})
 * @param discoveryName the discovery name (inbound) or target discovery name (outbound)
 * @param responseTimeBuckets cumulative counts of responses at or under each bound, ascending
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListenerCounters(
        Direction direction,
        String discoveryName,
        long activeConnections,
        long newConnections,
        long bytes,
        long requests,
        long grpcRequests,
        long http2xx,
        long http3xx,
        long http4xx,
        long http5xx,
        long responseTimeCount,
        double responseTimeSumMillis,
        List<Bucket> responseTimeBuckets) {

    public ListenerCounters {
        responseTimeBuckets = responseTimeBuckets == null ? List.of() : List.copyOf(responseTimeBuckets);
    }

    /** A cumulative histogram bucket: {@code count} observations at or under {@code le} milliseconds. */
    public record Bucket(double le, long count) {}

    /** The four response classes 2xx..5xx, in order. */
    public long[] statusClasses() {
        return new long[] {http2xx, http3xx, http4xx, http5xx};
    }

    void validate(String prefix) {
        requireNonNull(direction, prefix + "direction");
        if (discoveryName == null || discoveryName.isBlank() || discoveryName.length() > 255) {
            throw new IllegalArgumentException(
                    prefix + "discoveryName: '" + discoveryName + "' (expected: 1-255 characters)");
        }
        long[] values = {
            activeConnections,
            newConnections,
            bytes,
            requests,
            grpcRequests,
            http2xx,
            http3xx,
            http4xx,
            http5xx,
            responseTimeCount
        };
        String[] names = {
            "activeConnections",
            "newConnections",
            "bytes",
            "requests",
            "grpcRequests",
            "http2xx",
            "http3xx",
            "http4xx",
            "http5xx",
            "responseTimeCount"
        };
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new IllegalArgumentException(prefix + names[i] + ": " + values[i] + " (expected: 0 or more)");
            }
        }
        if (responseTimeBuckets.size() > 64) {
            throw new IllegalArgumentException(
                    prefix + "responseTimeBuckets: " + responseTimeBuckets.size() + " buckets (expected: at most 64)");
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < responseTimeBuckets.size(); i++) {
            Bucket bucket = responseTimeBuckets.get(i);
            if (bucket == null || !(bucket.le() > previous) || bucket.count() < 0) {
                throw new IllegalArgumentException(prefix + "responseTimeBuckets[" + i + "]: " + bucket
                        + " (expected: ascending bounds and counts of 0 or more)");
            }
            previous = bucket.le();
        }
    }
}
