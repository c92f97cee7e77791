package dev.svcconnect.agent.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte offsets a task's log files are shipped up to, kept in a file beside them
 * ({@code {"app": 1234, "": 567}}, the proxy's under the empty name), so that an agent that takes
 * the task over after a restart ships from where its predecessor stopped: no line twice, none lost.
 */
final class LogOffsets {

    private LogOffsets() {}

    /** The offsets kept in {@code file}; empty when there is none or it cannot be read. */
    static Map<String, Long> read(Path file) {
        Map<String, Long> offsets = new LinkedHashMap<>();
        if (file == null || !Files.isRegularFile(file)) {
            return offsets;
        }
        try {
            JsonNode json = Json.mapper().readTree(file.toFile());
            json.properties().forEach(e -> {
                if (e.getValue().canConvertToLong() && e.getValue().asLong() >= 0) {
                    offsets.put(e.getKey(), e.getValue().asLong());
                }
            });
        } catch (IOException | RuntimeException e) {
            offsets.clear();
        }
        return offsets;
    }

    /** Keeps {@code offsets} in {@code file}, replacing what it held atomically. */
    static void write(Path file, Map<String, Long> offsets) throws IOException {
        ObjectNode json = Json.mapper().createObjectNode();
        offsets.forEach(json::put);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, json.toString(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
