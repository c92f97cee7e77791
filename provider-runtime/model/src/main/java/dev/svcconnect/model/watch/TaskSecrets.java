package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets of a task's containers, resolved ({@code GET /watch/v1/tasks/{taskId}/secrets}): for
 * each container with {@code secrets}, each variable's name and value. Its {@link #toString()}
 * names the variables, never a value, so that it can end up in a log line.
 *
 * @param containers container name to (variable name to value)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskSecrets(Map<String, Map<String, String>> containers) {

    public TaskSecrets {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (containers != null) {
            containers.forEach((name, variables) -> copy.put(name, Map.copyOf(variables)));
        }
        containers = java.util.Collections.unmodifiableMap(copy);
    }

    /** The variables of one container; empty when it has no secrets. */
    public Map<String, String> of(String container) {
        return containers.getOrDefault(container, Map.of());
    }

    /** None, for a task without secrets. */
    public static TaskSecrets none() {
        return new TaskSecrets(Map.of());
    }

    @Override
    public String toString() {
        Map<String, Object> names = new LinkedHashMap<>();
        containers.forEach((name, variables) -> names.put(name, variables.keySet()));
        return "TaskSecrets" + names;
    }
}
