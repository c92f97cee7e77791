package dev.svcconnect.controlplane.metrics;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.metrics.MetricsReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A rolling window of traffic in memory: for every {@link SeriesKey}, the increase of each
 * counter per {@link #RESOLUTION} slot over the last {@link #WINDOW}, and the totals since the
 * series was first reported. Reports carry cumulative counters; the window takes differences,
 * so a lost report only moves counts to the next slot and a restarted proxy counts from zero.
 * Memory is bounded: at most {@code maxSeries} series, and a series silent for a whole window
 * is forgotten. Thread-safe.
 *
 * <pre>{@code
 * MetricsWindow window = new MetricsWindow(Clock.systemUTC(), MetricsWindow.DEFAULT_MAX_SERIES);
 * window.record(origin, report);
 * List<Point> points = window.points(key -> key.service().equals("webui"), direction);
 * }</pre>
 */
public final class MetricsWindow {

    /** The width of a slot. */
    public static final Duration RESOLUTION = Duration.ofSeconds(5);
    /** How far back the window reaches. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** The default bound on series (about 40 KB each). */
    public static final int DEFAULT_MAX_SERIES = 1000;

    static final int SLOTS = (int) (WINDOW.toMillis() / RESOLUTION.toMillis());

    private final Clock clock;
    private final int maxSeries;
    private final Map<SeriesKey, Series> series = new LinkedHashMap<>();
    private long lastSweep = Long.MIN_VALUE;
    private long refused;
    private final RecentDenials denials = new RecentDenials();

    public MetricsWindow(Clock clock, int maxSeries) {
        this.clock = requireNonNull(clock, "clock");
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries: " + maxSeries + " (expected: 1 or more)");
        }
        this.maxSeries = maxSeries;
    }

    /** Where a report comes from: the task's namespace, service and cluster and its id. */
    public record Origin(String namespace, String service, String cluster, String task) {}

    /** The slot {@code now} falls in. */
    long currentSlot() {
        return Math.floorDiv(clock.millis(), RESOLUTION.toMillis());
    }

    /** Adds a report's counters in the current slot. */
    public synchronized void record(Origin origin, MetricsReport report) {
        requireNonNull(origin, "origin");
        requireNonNull(report, "report");
        long slot = currentSlot();
        sweep(slot);
        for (ListenerCounters counters : report.listeners()) {
            SeriesKey key = new SeriesKey(
                    origin.namespace(),
                    origin.service(),
                    origin.cluster(),
                    origin.task(),
                    counters.direction(),
                    counters.discoveryName());
            Series target = series.get(key);
            if (target == null) {
                if (series.size() >= maxSeries) {
                    refused++;
                    continue;
                }
                target = new Series(SLOTS);
                series.put(key, target);
            }
            target.ingest(report.startedAtMillis(), counters, slot);
        }
        denials.record(origin, report, clock.millis());
    }

    /** The access policies' refusals reported over the last {@code seconds} that {@code filter} keeps, newest first. */
    public synchronized List<RecentDenials.Denial> denials(long seconds, Predicate<RecentDenials.Denial> filter) {
        return denials.since(clock.millis() - seconds * 1000, filter);
    }

    private void sweep(long slot) {
        if (slot == lastSweep) {
            return;
        }
        lastSweep = slot;
        series.values().removeIf(s -> s.lastSlot() <= slot - SLOTS);
    }

    /** Counters of new series refused because the window held {@code maxSeries} already. */
    public synchronized long refusedSeries() {
        return refused;
    }

    /** The keys of every series in the window. */
    public synchronized List<SeriesKey> keys() {
        sweep(currentSlot());
        return List.copyOf(series.keySet());
    }

    /**
     * The last {@code count} slots up to the current one (oldest first), each summed over the
     * series {@code filter} accepts.
     */
    public synchronized List<Point> points(Predicate<SeriesKey> filter, int count) {
        if (count < 1 || count > SLOTS) {
            throw new IllegalArgumentException("count: " + count + " (expected: 1-" + SLOTS + ")");
        }
        long now = currentSlot();
        sweep(now);
        List<Series> chosen = new ArrayList<>();
        series.forEach((key, s) -> {
            if (filter.test(key)) {
                chosen.add(s);
            }
        });
        List<Point> points = new ArrayList<>(count);
        for (long slot = now - count + 1; slot <= now; slot++) {
            Series.SlotSum sum = new Series.SlotSum();
            for (Series s : chosen) {
                s.addTo(slot, sum);
            }
            long[] v = sum.values;
            points.add(new Point(
                    slot * RESOLUTION.toMillis(),
                    v[Series.REQUESTS],
                    v[Series.GRPC_REQUESTS],
                    v[Series.BYTES],
                    v[Series.NEW_CONNECTIONS],
                    sum.active,
                    v[Series.HTTP_2XX],
                    v[Series.HTTP_2XX + 1],
                    v[Series.HTTP_2XX + 2],
                    v[Series.HTTP_2XX + 3],
                    v[Series.RESPONSES],
                    sum.responseTimeSum,
                    sum.p99()));
        }
        return points;
    }

    /** The sum of the last {@code count} slots, for the series {@code filter} accepts; active connections of the latest. */
    public Point sum(Predicate<SeriesKey> filter, int count) {
        List<Point> points = points(filter, count);
        long requests = 0;
        long grpcRequests = 0;
        long bytes = 0;
        long newConnections = 0;
        long[] classes = new long[4];
        long responses = 0;
        double responseTimeSum = 0;
        for (Point p : points) {
            requests += p.requests();
            grpcRequests += p.grpcRequests();
            bytes += p.bytes();
            newConnections += p.newConnections();
            classes[0] += p.http2xx();
            classes[1] += p.http3xx();
            classes[2] += p.http4xx();
            classes[3] += p.http5xx();
            responses += p.responses();
            responseTimeSum += p.responseTimeSumMillis();
        }
        return new Point(
                points.get(0).atMillis(),
                requests,
                grpcRequests,
                bytes,
                newConnections,
                points.get(points.size() - 1).activeConnections(),
                classes[0],
                classes[1],
                classes[2],
                classes[3],
                responses,
                responseTimeSum,
                null);
    }

    /** The totals of every series since first reported, for {@code GET /metrics}. */
    public synchronized List<Total> totals() {
        long now = currentSlot();
        sweep(now);
        List<Total> totals = new ArrayList<>();
        series.forEach((key, s) -> {
            long[] values = new long[Series.FIELDS];
            for (int i = 0; i < values.length; i++) {
                values[i] = s.total(i);
            }
            totals.add(new Total(
                    key,
                    values,
                    s.activeConnections(now - 2),
                    s.totalResponseTimeSum(),
                    s.bounds().clone(),
                    s.totalBuckets().clone()));
        });
        return totals;
    }

    /**
     * One series' totals since first reported.
     *
     * @param values indexed like {@link Series}: new connections, bytes, requests, gRPC requests, 2xx..5xx, responses
     * @param activeConnections the last value, or 0 if the series has not reported in the last three slots
     * @param bucketCounts cumulative counts at or under each of {@code bounds}
     */
    public record Total(
            SeriesKey key,
            long[] values,
            long activeConnections,
            double responseTimeSumMillis,
            double[] bounds,
            long[] bucketCounts) {

        public long newConnections() {
            return values[Series.NEW_CONNECTIONS];
        }

        public long bytes() {
            return values[Series.BYTES];
        }

        public long requests() {
            return values[Series.REQUESTS];
        }

        public long grpcRequests() {
            return values[Series.GRPC_REQUESTS];
        }

        /** Responses of class {@code n}xx, n in 2..5. */
        public long httpClass(int n) {
            return values[Series.HTTP_2XX + n - 2];
        }

        public long responses() {
            return values[Series.RESPONSES];
        }
    }
}
