package dev.svcconnect.controlplane.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.logs.TaskLogLines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Takes the host agents' log lines ({@code POST /watch/v1/tasks/{taskId}/logs}): checks the size and
 * the shape of the body, that the task is known and that each stream is one of its task
 * definition's containers, then adds the lines to the {@link LogTails}. {@link #sweep()} forgets
 * the lines of tasks that stopped a while ago.
 */
public final class LogIngest {

    /** The largest body taken; larger ones are answered 413. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** The most lines in one push, over all streams; more are answered 413. */
    public static final int MAX_LINES = 1000;

    private static final String INVALID = "InvalidParameterException";
    private static final int MAX_KNOWN_TASKS = 10_000;

    private final Store store;
    private final LogTails tails;
    /** The container names of each task seen, so a push reads the store only once per task. */
    private final Map<String, TaskContainers> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskContainers> eldest) {
            return size() > MAX_KNOWN_TASKS;
        }
    };

    public LogIngest(Store store, LogTails tails) {
        this.store = requireNonNull(store, "store");
        this.tails = requireNonNull(tails, "tails");
    }

    /** The tails this ingest fills. */
    public LogTails tails() {
        return tails;
    }

    /**
     * Adds one push of {@code taskId}'s lines.
     *
     * @throws ApiException 413 for a body over {@value #MAX_BODY_BYTES} bytes or {@value #MAX_LINES}
     *     lines, 400 for a body that is not such a push, 404 for a task the control plane does not know
     */
    public void accept(String taskId, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(
                    "RequestEntityTooLargeException",
                    413,
                    "The log lines take " + body.length + " bytes (expected: at most " + MAX_BODY_BYTES
                            + " a request; send the rest in the next).");
        }
        TaskLogLines lines = parse(body);
        if (lines.lineCount() > MAX_LINES) {
            throw new ApiException(
                    "RequestEntityTooLargeException",
                    413,
                    lines.lineCount() + " lines in one request (expected: at most " + MAX_LINES
                            + "; send the rest in the next).");
        }
        TaskContainers task = containers(taskId);
        for (String name : lines.containers().keySet()) {
            if (!task.names().contains(name)) {
                throw new ApiException(
                        INVALID,
                        "containers." + name + ": not a container of task definition '" + task.taskDefinition()
                                + "' (expected one of: " + String.join(", ", task.names()) + ").");
            }
        }
        tails.append(taskId, lines);
    }

    /**
     * Notes the kept tasks that stopped (or are gone from the store), and forgets those stopped long
     * enough; forgets the container names of every task stopped or gone, so that a push for a task
     * deleted since is answered 404 again.
     */
    public void sweep() {
        Set<String> ids = new LinkedHashSet<>(tails.taskIds());
        synchronized (known) {
            ids.addAll(known.keySet());
        }
        if (!ids.isEmpty()) {
            Set<String> stopped = store.read(tx -> ids.stream()
                    .filter(id -> Task.find(tx, id).map(Task::isStopped).orElse(true))
                    .collect(Collectors.toSet()));
            synchronized (known) {
                known.keySet().removeAll(stopped);
            }
            tails.taskIds().stream().filter(stopped::contains).forEach(tails::stopped);
        }
        tails.sweep();
    }

    private record TaskContainers(String taskDefinition, Set<String> names) {}

    private TaskContainers containers(String taskId) {
        synchronized (known) {
            TaskContainers found = known.get(taskId);
            if (found != null) {
                return found;
            }
        }
        TaskContainers found = store.read(tx -> resolve(tx, taskId));
        synchronized (known) {
            known.put(taskId, found);
        }
        return found;
    }

    private TaskContainers resolve(Transaction tx, String taskId) {
        Task task = Task.find(tx, taskId)
                .orElseThrow(() -> new ApiException(
                        "TaskNotFoundException",
                        404,
                        "Task '" + taskId
                                + "' is not known to the control plane; its host agent ships log lines for it."));
        String arn = task.taskDefinitionArn();
        Set<String> names = new LinkedHashSet<>();
        TaskDefinition.find(tx, arn).ifPresent(definition -> names.addAll(definition.containerNames()));
        return new TaskContainers(arn.substring(arn.lastIndexOf('/') + 1), names);
    }

    private static TaskLogLines parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiException(
                    "SerializationException", "The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(
                    "SerializationException", "The request body must be a JSON object, not " + kind(root) + ".");
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!field.equals("containers") && !field.equals("proxy")) {
                throw new ApiException(INVALID, "Unknown field '" + field + "' (expected: containers, proxy).");
            }
        });
        Map<String, List<String>> containers = new TreeMap<>();
        JsonNode streams = root.path("containers");
        if (!streams.isMissingNode()) {
            if (!streams.isObject()) {
                throw new ApiException(
                        INVALID,
                        "containers: " + kind(streams)
                                + " (expected: an object of container name to an array of lines).");
            }
            streams.properties()
                    .forEach(e -> containers.put(e.getKey(), lines("containers." + e.getKey(), e.getValue())));
        }
        List<String> proxy = root.has("proxy") ? lines("proxy", root.get("proxy")) : List.of();
        return new TaskLogLines(containers, proxy);
    }

    private static List<String> lines(String field, JsonNode node) {
        if (!node.isArray()) {
            throw new ApiException(INVALID, field + ": " + kind(node) + " (expected: an array of strings).");
        }
        List<String> lines = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode line = node.get(i);
            if (!line.isTextual()) {
                throw new ApiException(INVALID, field + "[" + i + "]: " + kind(line) + " (expected: a string).");
            }
            lines.add(line.asText());
        }
        return lines;
    }

    private static String kind(JsonNode node) {
        JsonNodeType type = node == null ? JsonNodeType.MISSING : node.getNodeType();
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case BINARY -> "binary data";
            case NULL -> "null";
            case MISSING -> "nothing";
        };
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
