package dev.svcconnect.agent.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a task's files live under the agent's data directory: {@code DATA/tasks/TASK_ID/} with one
 * {@code CONTAINER.log} per container (its stdout and stderr, opened by the agent), {@value #PROXY_LOG}
 * for the sidecar proxy, {@code work/CONTAINER/} as each container's working directory (owned by the
 * container's user) and, with loopback isolation, {@code hosts}. Container names have no dot, so no container's log can be
 * the proxy's.
 */
public final class TaskFiles {

    /** The file name of the sidecar proxy's log, beside the containers'. */
    public static final String PROXY_LOG = "proxy.sidecar.log";

    private TaskFiles() {}

    /** The directory of a task, by its id or ARN. */
    public static Path directory(Path data, String taskIdOrArn) {
        return data.resolve("tasks").resolve(taskIdOrArn.substring(taskIdOrArn.lastIndexOf('/') + 1));
    }

    /** The log of one container of a task. */
    public static Path log(Path taskDirectory, String container) {
        return taskDirectory.resolve(container + ".log");
    }

    /** A container's working directory: the one place of the task's the container's user may write. */
    public static Path workDirectory(Path taskDirectory, String container) {
        return taskDirectory.resolve("work").resolve(container);
    }

    /** The log of a task's sidecar proxy. */
    public static Path proxyLog(Path taskDirectory) {
        return taskDirectory.resolve(PROXY_LOG);
    }

    /** Where the byte offsets the task's logs are shipped up to are kept, for an agent that takes the task over. */
    public static Path logOffsets(Path taskDirectory) {
        return taskDirectory.resolve("logs.offsets");
    }

    /** The logs a task has, sorted by name; empty when the directory does not exist. */
    public static List<Path> logs(Path taskDirectory) throws IOException {
        if (!Files.isDirectory(taskDirectory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(taskDirectory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        }
    }
}
