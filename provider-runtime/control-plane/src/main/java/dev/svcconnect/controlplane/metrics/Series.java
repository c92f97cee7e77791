package dev.svcconnect.controlplane.metrics;

import dev.svcconnect.model.metrics.ListenerCounters;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * One series of the window: the increases of its counters per slot in a ring, and their totals
 * since the control plane first heard of it. Not thread-safe; {@link MetricsWindow} guards it.
 */
final class Series {

    static final int NEW_CONNECTIONS = 0;
    static final int BYTES = 1;
    static final int REQUESTS = 2;
    static final int GRPC_REQUESTS = 3;
    static final int HTTP_2XX = 4;
    static final int RESPONSES = 8;
    static final int FIELDS = 9;

    private final long[] slotNumbers;
    private final long[][] increases;
    private final long[] active;
    private final double[] responseTimeSums;
    private long[][] bucketIncreases;
    private double[] bounds = new double[0];

    private final long[] totals = new long[FIELDS];
    private double totalResponseTimeSum;
    private long[] totalBuckets = new long[0];

    private long startedAtMillis;
    private ListenerCounters last;
    private long lastSlot;

    Series(int slots) {
        slotNumbers = new long[slots];
        Arrays.fill(slotNumbers, -1);
        increases = new long[slots][FIELDS];
        active = new long[slots];
        responseTimeSums = new double[slots];
    }

    /** Adds what changed since the last report; a new start or a counter that went back counts from zero. */
    void ingest(long startedAt, ListenerCounters now, long slot) {
        ListenerCounters before = startedAt == startedAtMillis && last != null && !wentBack(last, now) ? last : null;
        int index = index(slot);
        long[] values = fields(now);
        long[] previous = before == null ? new long[FIELDS] : fields(before);
        for (int i = 0; i < FIELDS; i++) {
            long increase = values[i] - previous[i];
            increases[index][i] += increase;
            totals[i] += increase;
        }
        double sumIncrease = now.responseTimeSumMillis() - (before == null ? 0 : before.responseTimeSumMillis());
        responseTimeSums[index] += sumIncrease;
        totalResponseTimeSum += sumIncrease;
        active[index] = now.activeConnections();
        ingestBuckets(now.responseTimeBuckets(), before == null ? List.of() : before.responseTimeBuckets(), index);
        startedAtMillis = startedAt;
        last = now;
        lastSlot = slot;
    }

    private void ingestBuckets(List<ListenerCounters.Bucket> now, List<ListenerCounters.Bucket> before, int index) {
        if (now.isEmpty()) {
            return;
        }
        double[] reported =
                now.stream().mapToDouble(ListenerCounters.Bucket::le).toArray();
        if (!Arrays.equals(reported, bounds)) {
            bounds = reported;
            bucketIncreases = new long[slotNumbers.length][bounds.length];
            totalBuckets = new long[bounds.length];
        }
        boolean sameBounds = before.size() == now.size();
        for (int b = 0; b < bounds.length; b++) {
            long increase = now.get(b).count() - (sameBounds ? before.get(b).count() : 0);
            bucketIncreases[index][b] += increase;
            totalBuckets[b] += increase;
        }
    }

    private static boolean wentBack(ListenerCounters before, ListenerCounters now) {
        long[] a = fields(before);
        long[] b = fields(now);
        for (int i = 0; i < FIELDS; i++) {
            if (b[i] < a[i]) {
                return true;
            }
        }
        return now.responseTimeSumMillis() < before.responseTimeSumMillis();
    }

    private static long[] fields(ListenerCounters c) {
        return new long[] {
            c.newConnections(),
            c.bytes(),
            c.requests(),
            c.grpcRequests(),
            c.http2xx(),
            c.http3xx(),
            c.http4xx(),
            c.http5xx(),
            c.responseTimeCount()
        };
    }

    private int index(long slot) {
        int index = (int) Math.floorMod(slot, (long) slotNumbers.length);
        if (slotNumbers[index] != slot) {
            slotNumbers[index] = slot;
            Arrays.fill(increases[index], 0);
            active[index] = 0;
            responseTimeSums[index] = 0;
            if (bucketIncreases != null) {
                Arrays.fill(bucketIncreases[index], 0);
            }
        }
        return index;
    }

    /** The slot of the last report. */
    long lastSlot() {
        return lastSlot;
    }

    /** The last reported active connections, or 0 if the series has not reported since {@code freshSince}. */
    long activeConnections(long freshSince) {
        return lastSlot >= freshSince && last != null ? last.activeConnections() : 0;
    }

    long total(int field) {
        return totals[field];
    }

    double totalResponseTimeSum() {
        return totalResponseTimeSum;
    }

    double[] bounds() {
        return bounds;
    }

    long[] totalBuckets() {
        return totalBuckets;
    }

    /** Adds the slot's increases to {@code sum}, if this series has that slot. */
    void addTo(long slot, SlotSum sum) {
        int index = (int) Math.floorMod(slot, (long) slotNumbers.length);
        if (slotNumbers[index] != slot) {
            return;
        }
        for (int i = 0; i < FIELDS; i++) {
            sum.values[i] += increases[index][i];
        }
        sum.active += active[index];
        sum.responseTimeSum += responseTimeSums[index];
        for (int b = 0; b < bounds.length; b++) {
            sum.buckets.merge(bounds[b], bucketIncreases[index][b], Long::sum);
        }
    }

    /** A slot's increases summed over several series. */
    static final class SlotSum {
        final long[] values = new long[FIELDS];
        long active;
        double responseTimeSum;
        final TreeMap<Double, Long> buckets = new TreeMap<>();

        /** The upper bound of the bucket holding the 99th percentile, or null without responses. */
        Double p99() {
            long responses = values[RESPONSES];
            if (responses == 0) {
                return null;
            }
            double rank = Math.ceil(responses * 0.99);
            Double bound = null;
            for (var bucket : buckets.entrySet()) {
                bound = bucket.getKey();
                if (bucket.getValue() >= rank) {
                    return bound;
                }
            }
            return bound;
        }
    }
}
