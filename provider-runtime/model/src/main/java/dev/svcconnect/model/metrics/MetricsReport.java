package dev.svcconnect.model.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One snapshot of a proxy's counters, pushed to {@code POST /watch/v1/tasks/{taskId}/metrics}.
 * Counters are cumulative since the proxy started at {@code startedAtMillis}: a receiver takes
 * differences between two reports of the same start, and the whole value after a new start, so a
 * lost report costs resolution, never counts.
 *
 * @param serviceName the ECS service of the task, or null
 * @param clusterName its cluster, or null
 * @param startedAtMillis when the proxy process started (epoch milliseconds); identifies its counters
 * @param sentAtMillis when the snapshot was taken (epoch milliseconds)
 * @param listeners the counters of each direction and discovery name
 * @param denials the access policies' refusals, by inbound discovery name and caller; at most
 *     {@value #MAX_DENIALS}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricsReport(
        String serviceName,
        String clusterName,
        long startedAtMillis,
        long sentAtMillis,
        List<ListenerCounters> listeners,
        List<DeniedCalls> denials) {

    /** The most (discovery name, caller) pairs a report may carry. */
    public static final int MAX_DENIALS = 1000;

    public MetricsReport {
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        denials = denials == null ? List.of() : List.copyOf(denials);
    }

    /** A report without refusals. */
    public MetricsReport(
            String serviceName,
            String clusterName,
            long startedAtMillis,
            long sentAtMillis,
            List<ListenerCounters> listeners) {
        this(serviceName, clusterName, startedAtMillis, sentAtMillis, listeners, null);
    }

    /**
     * Checks what a receiver relies on.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code listeners[0].bytes: -1 (expected: 0 or more)}
     */
    public MetricsReport validate() {
        if (startedAtMillis <= 0) {
            throw new IllegalArgumentException(
                    "startedAtMillis: " + startedAtMillis + " (expected: epoch milliseconds)");
        }
        for (int i = 0; i < listeners.size(); i++) {
            ListenerCounters listener = listeners.get(i);
            if (listener == null) {
                throw new IllegalArgumentException("listeners[" + i + "]: null (expected: an object)");
            }
            listener.validate("listeners[" + i + "].");
        }
        if (denials.size() > MAX_DENIALS) {
            throw new IllegalArgumentException(
                    "denials: " + denials.size() + " entries (expected: at most " + MAX_DENIALS + ")");
        }
        for (int i = 0; i < denials.size(); i++) {
            if (denials.get(i) == null) {
                throw new IllegalArgumentException("denials[" + i + "]: null (expected: an object)");
            }
            denials.get(i).validate("denials[" + i + "].");
        }
        return this;
    }
}
