package dev.svcconnect.controlplane.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.controlplane.metrics.Point;

/**
 * One slot of a service's traffic as the console's charts read it: the counts of {@link Point},
 * with rates per second and the response times, null without responses.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record TrafficPoint(
        long at,
        long requests,
        double requestsPerSecond,
        long grpcRequests,
        long bytes,
        double bytesPerSecond,
        long newConnections,
        long activeConnections,
        long http2xx,
        long http3xx,
        long http4xx,
        long http5xx,
        Double avgResponseTimeMillis,
        Double p99ResponseTimeMillis) {

    /** The point of a slot of {@code slotSeconds} seconds. */
    static TrafficPoint of(Point p, double slotSeconds) {
        return new TrafficPoint(
                p.atMillis(),
                p.requests(),
                p.requests() / slotSeconds,
                p.grpcRequests(),
                p.bytes(),
                p.bytes() / slotSeconds,
                p.newConnections(),
                p.activeConnections(),
                p.http2xx(),
                p.http3xx(),
                p.http4xx(),
                p.http5xx(),
                p.responseTimeAvgMillis(),
                p.responseTimeP99Millis());
    }
}
