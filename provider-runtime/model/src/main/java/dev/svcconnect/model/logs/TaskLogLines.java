package dev.svcconnect.model.logs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log lines of one task, pushed by its host agent to {@code POST /watch/v1/tasks/{taskId}/logs}
 * (only lines not sent before, oldest first), and the tail a control plane keeps of them.
 * The sidecar proxy has a field of its own, so no container name can be mistaken for it.
 *
 * <pre>{@code
 * {"containers": {"app": ["started", "GET / 200"]}, "proxy": ["proxy started"]}
 * }</pre>
 *
 * @param containers the lines of each container, by container name (sorted); none when absent
 * @param proxy the lines of the task's sidecar proxy; none when absent
 */
public record TaskLogLines(Map<String, List<String>> containers, List<String> proxy) {

    /** The longest line, in characters, that a receiver keeps; longer ones are cut. */
    public static final int MAX_LINE_CHARS = 4096;

    public TaskLogLines {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        if (containers != null) {
            containers.forEach((name, lines) -> copy.put(name, lines == null ? List.of() : List.copyOf(lines)));
        }
        containers = Collections.unmodifiableSortedMap(copy);
        proxy = proxy == null ? List.of() : List.copyOf(proxy);
    }

    /** No lines at all. */
    public static TaskLogLines empty() {
        return new TaskLogLines(Map.of(), List.of());
    }

    /** How many lines, over all streams. */
    public int lineCount() {
        return proxy.size() + containers.values().stream().mapToInt(List::size).sum();
    }
}
