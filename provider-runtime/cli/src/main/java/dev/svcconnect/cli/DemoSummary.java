package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.task.TaskRecord;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.ControlPlane;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceConnectClientAlias;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;
import software.amazon.awssdk.services.ecs.model.Task;

/** What the demo deployed, read from the control plane: services, tasks, aliases and endpoints. */
final class DemoSummary {

    private static final int LOG_LINES = 15;

    private final EcsClient ecs;
    private final URI endpoint;
    private final Path directory;
    private String firstNetwork;

    DemoSummary(ControlPlane controlPlane, URI endpoint, Path directory) {
        this.ecs = controlPlane.ecs();
        this.endpoint = endpoint;
        this.directory = directory;
    }

    /** Waits until every service runs its desired count of tasks, each RUNNING and HEALTHY. */
    void awaitAllHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allHealthy()) {
            if (System.nanoTime() > deadline) {
                throw new DeployException("not every task became healthy within " + timeout.toSeconds() + " s:"
                        + " see ./svc-connect status --dir " + directory);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException("interrupted while waiting for healthy tasks", e);
            }
        }
    }

    private boolean allHealthy() {
        for (String cluster : ecs.listClusters().clusterArns()) {
            for (Service service : services(cluster)) {
                List<Task> tasks = tasks(cluster, service.serviceName(), DesiredStatus.RUNNING);
                if (tasks.size() != service.desiredCount()
                        || !tasks.stream()
                                .allMatch(t -> "RUNNING".equals(t.lastStatus())
                                        && "HEALTHY".equals(t.healthStatusAsString()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Each service with its client aliases, tasks (id, address, status) and endpoints in its namespace. */
    void printServices(PrintStream out) {
        JsonNode endpoints = namespaceEndpoints();
        out.println("Services:");
        for (String cluster : ecs.listClusters().clusterArns()) {
            String clusterName = cluster.substring(cluster.lastIndexOf('/') + 1);
            for (Service service : services(cluster)) {
                List<String> aliases = new ArrayList<>();
                List<String> serviceEndpoints = new ArrayList<>();
                for (ServiceConnectService offered : offered(service)) {
                    for (ServiceConnectClientAlias alias : offered.clientAliases()) {
                        String dnsName = alias.dnsName() == null ? offered.discoveryName() : alias.dnsName();
                        aliases.add(dnsName + ":" + alias.port());
                    }
                    endpoints.path(offered.discoveryName()).forEach(e -> serviceEndpoints.add(e.asText()));
                }
                out.printf(
                        Locale.ROOT,
                        "  %-10s %-14s %-8s %d/%d tasks  alias %s  endpoints %s%n",
                        service.serviceName(),
                        clusterName,
                        service.launchTypeAsString(),
                        service.runningCount(),
                        service.desiredCount(),
                        String.join(", ", aliases),
                        String.join(", ", serviceEndpoints));
                for (Task task : tasks(cluster, service.serviceName(), DesiredStatus.RUNNING)) {
                    String network = network(taskId(task)).orElse("-");
                    firstNetwork = firstNetwork == null ? network : firstNetwork;
                    out.printf(
                            Locale.ROOT,
                            "    task %s  %-15s %s %s  network %s%n",
                            taskId(task),
                            address(task),
                            task.lastStatus(),
                            task.healthStatusAsString(),
                            network);
                }
            }
        }
    }

    /**
     * The command that reads the metrics of a sidecar (the first task printed): its admin port,
     * 9901, listens on the loopback of the task's network namespace (as Envoy's under ECS), or on
     * the task's own address with loopback isolation.
     */
    String sidecarMetricsCommand() {
        if (firstNetwork == null || firstNetwork.equals("-")) {
            return "curl -s http://TASK_ADDRESS:9901/metrics";
        }
        return Character.isDigit(firstNetwork.charAt(0))
                ? "curl -s http://" + firstNetwork + ":9901/metrics"
                : "ip netns exec " + firstNetwork + " curl -s http://127.0.0.1:9901/metrics";
    }

    /** The task's network on this machine (namespace name or loopback address), from its agent's record. */
    private Optional<String> network(String taskId) {
        return TaskDirectories.find(TaskDirectories.agentData(directory), taskId)
                .flatMap(TaskRecord::read)
                .map(TaskRecord::network);
    }

    /** The last stopped task's reason and the last lines of its logs, for a failed deploy. */
    void printFailedTask(PrintStream out) {
        try {
            for (String cluster : ecs.listClusters().clusterArns()) {
                List<Task> stopped = tasks(cluster, null, DesiredStatus.STOPPED);
                if (stopped.isEmpty()) {
                    continue;
                }
                Task task = stopped.get(stopped.size() - 1);
                out.println("A task failed: " + task.group() + " task " + taskId(task) + ": " + task.stoppedReason());
                for (Path log : logsOf(taskId(task))) {
                    List<String> lines = Files.readAllLines(log);
                    out.println("  last lines of " + log + ":");
                    lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size())
                            .forEach(l -> out.println("    " + l));
                }
                return;
            }
        } catch (IOException | RuntimeException e) {
            out.println("(cannot read the failed task's logs: " + e.getMessage() + ")");
        }
    }

    private List<Path> logsOf(String taskId) throws IOException {
        Path agents = directory.resolve("agents");
        if (!Files.isDirectory(agents)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(agents, 4)) {
            return files.filter(p -> p.getParent() != null
                            && p.getParent().getFileName().toString().equals(taskId)
                            && p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        }
    }

    private List<Service> services(String cluster) {
        List<String> arns = ecs.listServices(b -> b.cluster(cluster)).serviceArns();
        return arns.isEmpty()
                ? List.of()
                : ecs.describeServices(b -> b.cluster(cluster).services(arns)).services();
    }

    private List<Task> tasks(String cluster, String serviceName, DesiredStatus status) {
        List<String> arns = ecs.listTasks(
                        b -> b.cluster(cluster).serviceName(serviceName).desiredStatus(status))
                .taskArns();
        return arns.isEmpty()
                ? List.of()
                : ecs.describeTasks(b -> b.cluster(cluster).tasks(arns)).tasks();
    }

    private static List<ServiceConnectService> offered(Service service) {
        return service.deployments().stream()
                .filter(d -> d.serviceConnectConfiguration() != null
                        && d.serviceConnectConfiguration().services() != null)
                .findFirst()
                .map(d -> d.serviceConnectConfiguration().services())
                .orElse(List.of());
    }

    private static String taskId(Task task) {
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    }

    private static String address(Task task) {
        return task.containers().stream()
                .flatMap(c -> c.networkInterfaces().stream())
                .map(n -> n.privateIpv4Address())
                .filter(a -> a != null)
                .findFirst()
                .orElse("-");
    }

    /** The environment's admin key as the watch routes take it. */
    private String adminBearer() {
        var key = LocalEnvironment.adminCredentials(directory).resolveCredentials();
        return "Bearer " + key.accessKeyId() + ":" + key.secretAccessKey();
    }

    private JsonNode namespaceEndpoints() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(endpoint + "/watch/v1/namespaces/svc-namespace/endpoints"))
                                    .header("Authorization", adminBearer())
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(response.body()).path("value");
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Json.mapper().createObjectNode();
        }
    }
}
