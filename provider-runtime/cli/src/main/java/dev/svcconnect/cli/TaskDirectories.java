package dev.svcconnect.cli;

import dev.svcconnect.agent.task.TaskFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the task directories of this machine's agents are: an agent started by hand keeps them under
 * its {@code --data} ({@code .svc-connect/agent} by default); the local engine ({@code deploy},
 * {@code demo}) gives each of its agents {@code DIR/agents/NAME}.
 */
final class TaskDirectories {

    /** The default data directory of {@code svc-connect agent}. */
    static final Path AGENT_DATA = Path.of(".svc-connect", "agent");

    private static final Pattern STOPPED_TASK = Pattern.compile("task ([0-9a-f]{32}) stopped");

    private TaskDirectories() {}

    /** The agent data directories to search: {@code .svc-connect/agent}, then each of {@code environment/agents/}. */
    static List<Path> agentData(Path environment) {
        List<Path> found = new ArrayList<>();
        found.add(AGENT_DATA);
        Path agents = environment.resolve("agents");
        if (Files.isDirectory(agents)) {
            try (Stream<Path> each = Files.list(agents)) {
                each.filter(Files::isDirectory).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + agents, e);
            }
        }
        return found;
    }

    /** The directory of the task (id or ARN) in the first of {@code data} that has it. */
    static Optional<Path> find(List<Path> data, String task) {
        return data.stream()
                .map(d -> TaskFiles.directory(d, task))
                .filter(Files::isDirectory)
                .findFirst();
    }

    /**
     * {@code reason}, followed by where the logs of the stopped task it names are, when this
     * machine has them: the cause of a failed start is often only in the application's log.
     */
    static String withLogsOf(String reason, Path environment) {
        Matcher stopped = STOPPED_TASK.matcher(reason == null ? "" : reason);
        if (!stopped.find()) {
            return reason;
        }
        String task = stopped.group(1);
        return find(agentData(environment), task)
                .map(d -> reason + " (the task's logs: svc-connect logs " + task + ", files in " + d + ")")
                .orElse(reason);
    }
}
