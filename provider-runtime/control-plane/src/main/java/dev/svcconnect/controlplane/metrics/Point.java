package dev.svcconnect.controlplane.metrics;

/**
 * The traffic of one 5 s slot, summed over the series asked for. Counts are increases within the
 * slot; {@code activeConnections} is the last value reported in it.
 *
 * @param atMillis the start of the slot (epoch milliseconds)
 * @param responseTimeP99Millis the upper bound of the bucket holding the 99th percentile (the
 *        highest bound when it lies beyond), or null without responses
 */
public record Point(
        long atMillis,
        long requests,
        long grpcRequests,
        long bytes,
        long newConnections,
        long activeConnections,
        long http2xx,
        long http3xx,
        long http4xx,
        long http5xx,
        long responses,
        double responseTimeSumMillis,
        Double responseTimeP99Millis) {

    /** The average response time in milliseconds, or null without responses. */
    public Double responseTimeAvgMillis() {
        return responses == 0 ? null : responseTimeSumMillis / responses;
    }
}
