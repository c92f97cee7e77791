package dev.svcconnect.controlplane.metrics;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.metrics.MetricsReport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes the proxies' reports ({@code POST /watch/v1/tasks/{taskId}/metrics}): checks the body,
 * finds the task's namespace, service and cluster (once per task), and records the counters in
 * the window.
 */
public final class MetricsIngest {

    private static final int MAX_ORIGINS = 10_000;
    private static final String INVALID = "InvalidParameterException";
    /** The namespace or service of a task that has none. */
    private static final String NONE = "-";

    private final Store store;
    private final MetricsWindow window;
    private final Map<String, MetricsWindow.Origin> origins = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MetricsWindow.Origin> eldest) {
            return size() > MAX_ORIGINS;
        }
    };

    public MetricsIngest(Store store, MetricsWindow window) {
        this.store = requireNonNull(store, "store");
        this.window = requireNonNull(window, "window");
    }

    /**
     * Records one report of {@code taskId}.
     *
     * @throws ApiException 400 for a body that is not a report, 404 for a task the control plane does not know
     */
    public void accept(String taskId, byte[] body) {
        MetricsReport report;
        try {
            report = Json.mapper().readValue(body, MetricsReport.class).validate();
        } catch (IOException e) {
            throw new ApiException(INVALID, "The body is not a metrics report: " + firstLine(e.getMessage()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ApiException(INVALID, "The metrics report is invalid: " + e.getMessage());
        }
        window.record(origin(taskId), report);
    }

    private MetricsWindow.Origin origin(String taskId) {
        synchronized (origins) {
            MetricsWindow.Origin known = origins.get(taskId);
            if (known != null) {
                return known;
            }
        }
        MetricsWindow.Origin found = store.read(tx -> resolve(tx, taskId));
        synchronized (origins) {
            origins.put(taskId, found);
        }
        return found;
    }

    private MetricsWindow.Origin resolve(Transaction tx, String taskId) {
        Task task = Task.find(tx, taskId)
                .orElseThrow(() -> new ApiException(
                        "TaskNotFoundException",
                        404,
                        "Task '" + taskId + "' is not known to the control plane; its proxy reports metrics for it."));
        String namespace = task.owner(tx)
                .flatMap(service -> Namespace.ofService(tx, service))
                .map(Namespace::name)
                .orElse(NONE);
        return new MetricsWindow.Origin(namespace, task.serviceName().orElse(NONE), task.cluster(), taskId);
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
