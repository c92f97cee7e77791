package dev.svcconnect.proxy.metrics;

import dev.svcconnect.model.metrics.DeniedCalls;
import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.proxy.Direction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one listener's traffic, resolved once so that recording on the hot path is an
 * addition. Inbound listeners count connections, bytes and requests ({@code ActiveConnectionCount},
 * {@code NewConnectionCount}, {@code ProcessedBytes}, {@code RequestCount}, {@code GrpcRequestCount});
 * outbound ones count what their targets answered ({@code TargetProcessedBytes},
 * {@code HTTPCode_Target_2XX_Count}..{@code 5XX}, {@code RequestCountPerTarget},
 * {@code TargetResponseTime} in milliseconds).
 */
public final class ListenerMetrics {

    private static final double[] RESPONSE_TIME_BUCKETS_MS = {
        1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 15000, 30000, 60000
    };

    private final AtomicInteger activeConnections;
    private final Counter newConnections;
    private final Counter bytes;
    private final Counter requests;
    private final Counter grpcRequests;
    private final Counter[] statusClasses;
    private final DistributionSummary responseTime;
    private final Counter requestHeadTimeouts;
    private final MeterRegistry registry;
    private final Tags tags;
    private final java.util.concurrent.atomic.LongAdder denied = new java.util.concurrent.atomic.LongAdder();
    private final Map<String, Counter> deniedByCaller = new ConcurrentHashMap<>();

    private ListenerMetrics(
            MeterRegistry registry,
            Tags tags,
            AtomicInteger activeConnections,
            Counter newConnections,
            Counter bytes,
            Counter requests,
            Counter grpcRequests,
            Counter[] statusClasses,
            DistributionSummary responseTime,
            Counter requestHeadTimeouts) {
        this.activeConnections = activeConnections;
        this.newConnections = newConnections;
        this.bytes = bytes;
        this.requests = requests;
        this.grpcRequests = grpcRequests;
        this.statusClasses = statusClasses;
        this.responseTime = responseTime;
        this.requestHeadTimeouts = requestHeadTimeouts;
        this.registry = registry;
        this.tags = tags;
    }

    static ListenerMetrics inbound(MeterRegistry registry, Tags tags) {
        AtomicInteger active = registry.gauge("ActiveConnectionCount", tags, new AtomicInteger());
        return new ListenerMetrics(
                registry,
                tags,
                active,
                counter(registry, "NewConnectionCount", tags, "Connections accepted"),
                counter(registry, "ProcessedBytes", tags, "Bytes received from and sent to clients"),
                counter(registry, "RequestCount", tags, "Requests received"),
                counter(registry, "GrpcRequestCount", tags, "gRPC requests received"),
                null,
                null,
                headTimeouts(registry, tags));
    }

    static ListenerMetrics outbound(MeterRegistry registry, Tags tags) {
        Counter[] classes = new Counter[4];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = counter(
                    registry,
                    "HTTPCode_Target_" + (i + 2) + "XX_Count",
                    tags,
                    "Responses of class " + (i + 2) + "xx from targets");
        }
        DistributionSummary responseTime = DistributionSummary.builder("TargetResponseTime")
                .description("Milliseconds from a request sent to a target to its response headers")
                .tags(tags)
                .serviceLevelObjectives(RESPONSE_TIME_BUCKETS_MS)
                .register(registry);
        return new ListenerMetrics(
                registry,
                tags,
                null,
                null,
                counter(registry, "TargetProcessedBytes", tags, "Bytes received from and sent to targets"),
                counter(registry, "RequestCountPerTarget", tags, "Requests sent to targets (each attempt)"),
                null,
                classes,
                responseTime,
                headTimeouts(registry, tags));
    }

    private static Counter headTimeouts(MeterRegistry registry, Tags tags) {
        return counter(
                registry, "RequestHeadTimeoutCount", tags, "Client connections cut with 408: a request head too slow");
    }

    /** A client's request head did not arrive in time: its connection was answered 408 and closed. */
    public void requestHeadTimedOut() {
        requestHeadTimeouts.increment();
    }

    private static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /**
     * The access policy refused a request (or a TCP connection) of {@code caller}, a SPIFFE ID or
     * {@code unknown}: {@code RequestCountDenied} with a {@code Caller} label. Callers are services
     * of the mesh, so the labels stay few; the meter is looked up per denial, off the allowed path.
     */
    public void requestDenied(String caller) {
        denied.increment();
        deniedByCaller
                .computeIfAbsent(
                        caller,
                        c -> Counter.builder("RequestCountDenied")
                                .description("Requests and TCP connections the access policy refused, by caller")
                                .tags(tags.and("Caller", c))
                                .register(registry))
                .increment();
    }

    /** The refusals so far by caller, for a report to the control plane. */
    public List<DeniedCalls> denials(String discoveryName) {
        List<DeniedCalls> denials = new ArrayList<>();
        deniedByCaller.forEach(
                (caller, counter) -> denials.add(new DeniedCalls(discoveryName, caller, count(counter))));
        return denials;
    }

    /** How many requests the access policy refused so far. */
    public long deniedRequests() {
        return denied.sum();
    }

    /** A client connection was accepted. */
    public void connectionOpened() {
        if (activeConnections != null) {
            activeConnections.incrementAndGet();
            newConnections.increment();
        }
    }

    /** A client connection closed. */
    public void connectionClosed() {
        if (activeConnections != null) {
            activeConnections.decrementAndGet();
        }
    }

    /** Bytes went through the listener (either way). */
    public void bytes(long count) {
        bytes.increment(count);
    }

    /** A request was received from a client. */
    public void requestReceived(boolean grpc) {
        if (grpcRequests != null) {
            requests.increment();
            if (grpc) {
                grpcRequests.increment();
            }
        }
    }

    /** A target answered an attempt with {@code status} after {@code nanos}. */
    public void targetResponded(int status, long nanos) {
        if (statusClasses != null) {
            requests.increment();
            int statusClass = status / 100 - 2;
            if (statusClass >= 0 && statusClass < statusClasses.length) {
                statusClasses[statusClass].increment();
            }
            responseTime.record(nanos / 1_000_000.0);
        }
    }

    /** The cumulative counters so far, for a report to the control plane or an EMF line. */
    public ListenerCounters counters(String discoveryName) {
        if (activeConnections != null) {
            return new ListenerCounters(
                    Direction.INBOUND,
                    discoveryName,
                    activeConnections.get(),
                    count(newConnections),
                    count(bytes),
                    count(requests),
                    count(grpcRequests),
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    null);
        }
        HistogramSnapshot snapshot = responseTime.takeSnapshot();
        List<ListenerCounters.Bucket> buckets = new ArrayList<>();
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            buckets.add(new ListenerCounters.Bucket(bucket.bucket(), (long) bucket.count()));
        }
        return new ListenerCounters(
                Direction.OUTBOUND,
                discoveryName,
                0,
                0,
                count(bytes),
                count(requests),
                0,
                count(statusClasses[0]),
                count(statusClasses[1]),
                count(statusClasses[2]),
                count(statusClasses[3]),
                snapshot.count(),
                snapshot.total(),
                buckets);
    }

    private static long count(Counter counter) {
        return (long) counter.count();
    }
}
