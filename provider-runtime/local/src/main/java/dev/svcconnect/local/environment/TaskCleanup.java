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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
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

    private final Path agentsDirectory;

    TaskCleanup(Path agentsDirectory) {
        this.agentsDirectory = agentsDirectory;
    }

    /** A task an agent still holds: the agent's name, the task, its network and the pids recorded. */
    record Leftover(String agent, String taskArn, String network, List<Long> pids) {

        String describe() {
            String id = taskArn.substring(taskArn.lastIndexOf('/') + 1);
            List<Long> live = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
            return "task " + id + " on agent " + agent + " (network " + network
                    + (live.isEmpty() ? "" : ", processes " + live.stream().map(String::valueOf).collect(Collectors.joining(", ")))
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
            throw new DeployException("cannot read the agents' task records under " + agentsDirectory + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static Optional<Leftover> read(String agent, Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.mapper().readTree(file.toFile());
            List<Long> pids = new ArrayList<>();
            json.path("processes").forEach(p -> pids.add(p.path("pid").asLong()));
            return Optional.of(new Leftover(agent, json.path("taskArn").asText(), json.path("network").asText(), pids));
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
        try (ControlPlane controlPlane = ControlPlane.connect(endpoint.toString())) {
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
        records.stream().collect(Collectors.groupingBy(r -> clusterOf(r.taskArn()))).forEach((cluster, held) -> {
            try {
                List<String> arns = held.stream().map(Leftover::taskArn).distinct().toList();
                for (Task task : controlPlane.ecs().describeTasks(b -> b.cluster(cluster).tasks(arns)).tasks()) {
                    if ("RUNNING".equals(task.desiredStatus()) && !"STOPPED".equals(task.lastStatus())) {
                        wanted.add(task.taskArn());
                    }
                }
            } catch (ClusterNotFoundException | InvalidParameterException e) {
                // the cluster is gone, and its tasks with it
            } catch (SdkException e) {
                throw new DeployException("cannot ask the control plane about the tasks the host agents still hold"
                        + " (cluster " + cluster + "): " + e.getMessage(), e);
            }
        });
        return records.stream().filter(r -> !wanted.contains(r.taskArn())).toList();
    }

    /** {@code arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID}: CLUSTER. */
    private static String clusterOf(String taskArn) {
        int start = taskArn.indexOf(":task/");
        return start < 0 ? "" : taskArn.substring(start + ":task/".length()).split("/")[0];
    }
}
