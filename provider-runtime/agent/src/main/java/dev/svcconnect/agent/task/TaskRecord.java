package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a task holds on this machine while it has not been cleaned up: its network and its
 * processes, kept in {@code DATA/tasks/TASK_ID/running.json} from the moment its network exists
 * until the agent has removed everything, just before it reports the task STOPPED.
 *
 * <p>A record that outlives its agent (killed with SIGKILL) tells the next agent on the same data
 * directory what to stop and remove ({@link Leftovers}); a record of a task the control plane
 * already stopped tells the local engine that the agent is still cleaning it up.
 *
 * @param taskArn the task's ARN
 * @param network the task's network name (network namespace or loopback address)
 * @param processes the task's processes (sidecar proxy and containers), as started
 */
public record TaskRecord(String taskArn, String network, List<RecordedProcess> processes) {

    /** The record's file name in a task directory. */
    public static final String FILE = "running.json";

    public TaskRecord {
        requireNonNull(taskArn, "taskArn");
        requireNonNull(network, "network");
        processes = List.copyOf(processes);
    }

    /**
     * One process of a task: its pid and start time, so that a pid reused by another program is
     * never taken for it.
     *
     * @param name the container's name, or {@value #SIDECAR} (no container name has a space)
     * @param pid the process id
     * @param startedAtMillis when it started (epoch millis), or -1 when unknown
     */
    public record RecordedProcess(String name, long pid, long startedAtMillis) {

        /** The name of the sidecar proxy's process in a record. */
        public static final String SIDECAR = "sidecar proxy";

        /** The record of a running process. */
        public static RecordedProcess of(String name, ProcessHandle process) {
            return new RecordedProcess(
                    name,
                    process.pid(),
                    process.info()
                            .startInstant()
                            .map(java.time.Instant::toEpochMilli)
                            .orElse(-1L));
        }

        /**
         * The process, if it still runs and is provably the one recorded: same start time, to the
         * second. A record without a start time, or with a pid of 1 or less, never matches, so a
         * truncated or edited record cannot name another program (or init).
         */
        public Optional<ProcessHandle> live() {
            if (!verifiable()) {
                return Optional.empty();
            }
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info()
                            .startInstant()
                            .map(s -> Math.abs(s.toEpochMilli() - startedAtMillis) < 1000)
                            .orElse(false));
        }

        /** Whether the record can identify a process at all: a pid above 1 and a known start time. */
        public boolean verifiable() {
            return pid > 1 && startedAtMillis >= 0;
        }
    }

    /** Writes the record into {@code taskDirectory}, replacing an older one atomically. */
    public void write(Path taskDirectory) throws IOException {
        ObjectNode json =
                Json.mapper().createObjectNode().put("taskArn", taskArn).put("network", network);
        ArrayNode list = json.putArray("processes");
        for (RecordedProcess process : processes) {
            list.addObject()
                    .put("name", process.name())
                    .put("pid", process.pid())
                    .put("startedAtMillis", process.startedAtMillis());
        }
        Path temporary = taskDirectory.resolve(FILE + ".tmp");
        Files.writeString(temporary, json.toPrettyString(), StandardCharsets.UTF_8);
        Files.move(
                temporary,
                taskDirectory.resolve(FILE),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The record in {@code taskDirectory}; empty when there is none (or it cannot be read). */
    public static Optional<TaskRecord> read(Path taskDirectory) {
        Path file = taskDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.mapper().readTree(file.toFile());
            List<RecordedProcess> processes = new ArrayList<>();
            for (JsonNode process : json.path("processes")) {
                processes.add(new RecordedProcess(
                        process.path("name").asText(),
                        process.path("pid").asLong(),
                        process.path("startedAtMillis").asLong(-1)));
            }
            return Optional.of(new TaskRecord(
                    json.path("taskArn").asText(), json.path("network").asText(), processes));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes the record from {@code taskDirectory}: everything of the task is gone. */
    public static void delete(Path taskDirectory) throws IOException {
        Files.deleteIfExists(taskDirectory.resolve(FILE));
    }

    /** The task directories under {@code data} that hold a record, sorted. */
    public static List<Path> directoriesWithRecords(Path data) throws IOException {
        Path tasks = data.resolve("tasks");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        try (var directories = Files.list(tasks)) {
            return directories
                    .filter(d -> Files.isRegularFile(d.resolve(FILE)))
                    .sorted()
                    .toList();
        }
    }
}
