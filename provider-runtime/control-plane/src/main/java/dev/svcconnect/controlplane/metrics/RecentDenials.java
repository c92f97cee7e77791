package dev.svcconnect.controlplane.metrics;

import dev.svcconnect.model.metrics.DeniedCalls;
import dev.svcconnect.model.metrics.MetricsReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The access policies' recent refusals, from the proxies' reports: each report's cumulative
 * {@code denials} are compared with the same task's previous report (of the same proxy start), and
 * an increase becomes a {@link Denial}. Bounded: the last {@value #MAX_DENIALS} refusals and what
 * is needed to compare the next report of at most {@value #MAX_TASKS} tasks. Not thread-safe: the
 * {@link MetricsWindow} that holds it calls it under its lock.
 */
public final class RecentDenials {

    static final int MAX_DENIALS = 1000;
    static final int MAX_TASKS = 10_000;

    /**
     * {@code count} requests of {@code caller} refused by the inbound listener {@code discoveryName}
     * of a task of {@code service} in {@code cluster}, reported at {@code atMillis}.
     */
    public record Denial(
            long atMillis,
            String namespace,
            String service,
            String cluster,
            String discoveryName,
            String caller,
            long count) {}

    private record Seen(long startedAtMillis, Map<String, Long> counts) {}

    private final Deque<Denial> denials = new ArrayDeque<>();
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_TASKS;
        }
    };

    void record(MetricsWindow.Origin origin, MetricsReport report, long nowMillis) {
        Seen before = seen.get(origin.task());
        boolean sameStart = before != null && before.startedAtMillis() == report.startedAtMillis();
        Map<String, Long> counts = new HashMap<>();
        for (DeniedCalls calls : report.denials()) {
            String key = calls.discoveryName() + " " + calls.caller();
            counts.put(key, calls.count());
            long increase = calls.count() - (sameStart ? before.counts().getOrDefault(key, 0L) : 0L);
            if (increase > 0) {
                denials.addLast(new Denial(
                        nowMillis,
                        origin.namespace(),
                        origin.service(),
                        origin.cluster(),
                        calls.discoveryName(),
                        calls.caller(),
                        increase));
                if (denials.size() > MAX_DENIALS) {
                    denials.removeFirst();
                }
            }
        }
        if (!counts.isEmpty() || before != null) {
            seen.put(origin.task(), new Seen(report.startedAtMillis(), counts));
        }
    }

    /** The refusals since {@code sinceMillis} that {@code filter} keeps, newest first. */
    List<Denial> since(long sinceMillis, Predicate<Denial> filter) {
        List<Denial> recent = new ArrayList<>();
        denials.descendingIterator().forEachRemaining(denial -> {
            if (denial.atMillis() >= sinceMillis && filter.test(denial)) {
                recent.add(denial);
            }
        });
        return recent;
    }
}
