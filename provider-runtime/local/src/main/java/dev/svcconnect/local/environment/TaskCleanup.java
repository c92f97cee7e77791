package dev.svcconnect.local.environment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.ControlPlane;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What the host agents of this environment have not cleaned up yet. An agent keeps a record,
 * {@code .svc-connect/agents/NAME/tasks/TASK_ID/running.json} ({@code taskArn}, {@code network},
 * {@code processes}), from the moment a task has a network until its processes, network namespace,
 * veth and hosts file are gone; it reports the task STOPPED only after removing it. A record of a
 * task that the control plane no longer wants running is a cleanup still under way.
 */
final class TaskCleanup {

    private static final Duration POLL = Duration.ofMillis(200);

    /** The most tasks one DescribeTasks call may name. */
    private static final int DESCRIBE_BATCH = 100;

    /** {@code arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID}; group 1 is the cluster. */
    private static final Pattern TASK_ARN = Pattern.compile("arn:[^:]+:ecs:[^:]*:[^:]*:task/([^/]+)/[^/]+");

    private final Path agentsDirectory;
    private final Consumer<String> log;
    private final Set<Path> reportedMalformed = new HashSet<>();

    /** Reads the records under {@code agentsDirectory}; names a malformed record once to {@code log}. */
    TaskCleanup(Path agentsDirectory, Consumer<String> log) {
        this.agentsDirectory = agentsDirectory;
        this.log = log;
    }

    /** A task an agent still holds: the agent's name, the task, its network and the pids recorded. */
    record Leftover(String agent, String taskArn, String network, List<Long> pids) {

        String describe() {
            String id = taskArn.substring(taskArn.lastIndexOf('/') + 1);
            List<Long> live = pids.stream()
                    .filter(pid ->
                            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .toList();
            return "task " + id + " on agent " + agent + " (network " + network
                    + (live.isEmpty()
                            ? ""
                            : ", processes "
                                    + live.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    + ")";
        }
    }

    /** Every task record of the agents named. */
    List<Leftover> records(Set<String> agents) {
        List<Leftover> found = new ArrayList<>();
        if (!Files.isDirectory(agentsDirectory)) {
            return found;
        }
        try (Stream<Path> agentDirectories = Files.list(agentsDirectory)) {
            for (Path agent : agentDirectories.sorted().toList()) {
                String name = agent.getFileName().toString();
                if (!agents.contains(name) || !Files.isDirectory(agent.resolve("tasks"))) {
                    continue;
                }
                try (Stream<Path> tasks = Files.list(agent.resolve("tasks"))) {
                    for (Path task : tasks.sorted().toList()) {
                        read(name, task.resolve("running.json")).ifPresent(found::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new DeployException(
                    "cannot read the agents' task records under " + agentsDirectory + ": " + e.getMessage(), e);
        }
        return found;
    }

    private Optional<Leftover> read(String agent, Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.mapper().readTree(file.toFile());
            List<Long> pids = new ArrayList<>();
            json.path("processes").forEach(p -> pids.add(p.path("pid").asLong()));
            String taskArn = json.path("taskArn").asText();
            if (!TASK_ARN.matcher(taskArn).matches()) {
                if (reportedMalformed.add(file)) {
                    log.accept("Ignoring the task record " + file + ": its taskArn \"" + taskArn
                            + "\" is not a task ARN (arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID)");
                }
                return Optional.empty();
            }
            return Optional.of(new Leftover(agent, taskArn, json.path("network").asText(), pids));
        } catch (IOException e) {
            // being replaced by the agent this instant: read again on the next poll
            return Optional.empty();
        }
    }

    /**
     * Waits until none of the {@code agents} holds a task that the control plane at {@code endpoint}
     * no longer wants running (stopped, asked to stop, or gone with its cluster).
     *
     * @throws DeployException after {@code timeout}, naming every task still held
     */
    void awaitCleaned(URI endpoint, Set<String> agents, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ControlPlane controlPlane = ControlPlane.connect(
                endpoint.toString(), LocalEnvironment.adminCredentials(agentsDirectory.getParent()))) {
            while (true) {
                List<Leftover> left = notWanted(controlPlane, records(agents));
                if (left.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new DeployException("The host agents have not finished cleaning up " + left.size()
                            + " stopped task(s) within " + timeout.toSeconds() + " s: "
                            + left.stream().map(Leftover::describe).collect(Collectors.joining("; "))
                            + "; see " + agentsDirectory.resolveSibling("logs") + "/agent-NAME.log");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while the host agents cleaned up stopped tasks", e);
        }
    }

    private static List<Leftover> notWanted(ControlPlane controlPlane, List<Leftover> records) {
        Set<String> wanted = new HashSet<>();
        records.stream()
                .collect(Collectors.groupingBy(r -> clusterOf(r.taskArn())))
                .forEach((cluster, held) -> {
                    List<String> arns =
                            held.stream().map(Leftover::taskArn).distinct().toList();
                    try {
                        for (int from = 0; from < arns.size(); from += DESCRIBE_BATCH) {
                            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_BATCH));
                            for (Task task : controlPlane
                                    .ecs()
                                    .describeTasks(b -> b.cluster(cluster).tasks(batch))
                                    .tasks()) {
                                if ("RUNNING".equals(task.desiredStatus()) && !"STOPPED".equals(task.lastStatus())) {
                                    wanted.add(task.taskArn());
                                }
                            }
                        }
                    } catch (ClusterNotFoundException e) {
                        // the cluster is gone, and its tasks with it
                    } catch (SdkException e) {
                        throw new DeployException(
                                "cannot ask the control plane about the tasks the host agents still hold" + " (cluster "
                                        + cluster + "): " + e.getMessage(),
                                e);
                    }
                });
        return records.stream().filter(r -> !wanted.contains(r.taskArn())).toList();
    }

    /** The cluster named in a task ARN that {@link #TASK_ARN} matched. */
    private static String clusterOf(String taskArn) {
        Matcher matcher = TASK_ARN.matcher(taskArn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a task ARN: " + taskArn);
        }
        return matcher.group(1);
    }
}
