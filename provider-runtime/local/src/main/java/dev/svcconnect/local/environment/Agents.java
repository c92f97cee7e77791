package dev.svcconnect.local.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.FileAsset;
import dev.svcconnect.local.engine.ResourceListener;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.ControlPlane;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.LaunchType;

/**
 * The host agents that the applied resources need, run as {@code svc-connect agent} processes
 * and recorded in {@code .svc-connect/agents.json} so that the next command finds them:
 * <ul>
 *   <li>a {@code Custom::SvcConnectHostFleet} gets {@code Count} EC2-like agents of its
 *       {@code Cluster}, with its {@code Cpu} and {@code Memory}, named
 *       {@code fleet-CLUSTER-LOGICALID-N} (N from 1);</li>
 *   <li>a cluster with a {@code FARGATE} service gets one Fargate-like agent, {@code fargate-CLUSTER};</li>
 *   <li>deleting a fleet stops its agents; deleting the last FARGATE service of a cluster stops its
 *       Fargate-like agent (so that the cluster can be deleted); deleting a cluster stops every agent of it;</li>
 *   <li>a {@code Custom::SvcConnectLoadBalancer} gets a host proxy, {@code lb-NAMESPACE-DISCOVERYNAME-PORT}
 *       ({@code svc-connect proxy --load-balance}), listening on {@code 127.0.0.1:Port} with its admin
 *       port on {@code Port + 1}; deleting the resource stops it.</li>
 * </ul>
 * Agents are started before the resource's handler runs, so a service's steady state can be reached.
 * A stack's file assets are published to {@link LocalS3} before it is deployed; the agents read
 * containers' artifacts from there.
 */
final class Agents implements ResourceListener {

    private static final String LOAD_BALANCER = "lb-";
    /**
     * How long an agent may take to stop its tasks and clean them up before it is killed: a task's
     * stop is its deregistration delay, the proxy's drain (up to 25 s), the containers' stop
     * timeout (30 s by default), then the removal of its network; the rest is margin for a loaded machine.
     */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    /** How long destroy waits for the agents to clean up the tasks of the stacks it deleted. */
    static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(120);
    /** How long a new agent may take to register its host with the control plane. */
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Launchers launchers;
    private final URI endpoint;
    private final PrintStream out;
    private final Duration cleanupTimeout;
    private final AgentKeys keys;
    private final LocalS3 s3;

    Agents(Path directory, Launchers launchers, URI endpoint, PrintStream out) {
        this(directory, launchers, endpoint, out, CLEANUP_TIMEOUT);
    }

    Agents(Path directory, Launchers launchers, URI endpoint, PrintStream out, Duration cleanupTimeout) {
        this(
                directory,
                launchers,
                endpoint,
                out,
                cleanupTimeout,
                AgentKeys.of(endpoint, LocalEnvironment.adminCredentials(directory)));
    }

    Agents(
            Path directory,
            Launchers launchers,
            URI endpoint,
            PrintStream out,
            Duration cleanupTimeout,
            AgentKeys keys) {
        this.directory = directory;
        this.launchers = launchers;
        this.endpoint = endpoint;
        this.out = out;
        this.cleanupTimeout = cleanupTimeout;
        this.keys = keys;
        this.s3 = new LocalS3(directory.resolve("s3").toAbsolutePath().normalize());
    }

    @Override
    public void publish(List<FileAsset> assets) {
        s3.publish(assets);
    }

    @Override
    public void beforeApply(String logicalId, String type, JsonNode properties) {
        if (type.equals("Custom::SvcConnectHostFleet")) {
            String cluster = clusterName(properties.path("Cluster").asText());
            String prefix = "fleet-" + fileSafe(cluster) + "-" + logicalId + "-";
            int count = properties.path("Count").asInt(0);
            Map<String, List<String>> wanted = new LinkedHashMap<>();
            for (int i = 1; i <= count; i++) {
                List<String> args = new ArrayList<>(List.of("--cluster", cluster));
                addIfPresent(args, "--cpu", properties.get("Cpu"));
                addIfPresent(args, "--memory", properties.get("Memory"));
                wanted.put(prefix + i, args);
            }
            reconcile(prefix, wanted);
        } else if (type.equals("Custom::SvcConnectService")
                && "FARGATE".equals(properties.path("LaunchType").asText())) {
            String cluster = clusterName(properties.path("Cluster").asText());
            String name = "fargate-" + fileSafe(cluster);
            reconcile(name, Map.of(name, List.of("--cluster", cluster, "--fargate")));
        } else if (type.equals("Custom::SvcConnectLoadBalancer")) {
            int port = properties.path("Port").asInt();
            reconcile(
                    loadBalancerName(properties),
                    Map.of(
                            loadBalancerName(properties),
                            List.of(
                                    "--namespace",
                                    properties.path("Namespace").asText(),
                                    "--load-balance",
                                    properties.path("DiscoveryName").asText(),
                                    "--listen",
                                    "127.0.0.1:" + port,
                                    "--admin",
                                    "127.0.0.1:" + (port + 1),
                                    "--protocol",
                                    properties.path("Protocol").asText("http"))));
        }
    }

    /** Whether the cluster has no FARGATE service left, so that its Fargate-like agent can go before the cluster. */
    private boolean noFargateServiceLeft(String cluster) {
        try (ControlPlane controlPlane =
                ControlPlane.connect(endpoint.toString(), LocalEnvironment.adminCredentials(directory))) {
            return controlPlane
                    .ecs()
                    .listServices(b -> b.cluster(cluster).launchType(LaunchType.FARGATE))
                    .serviceArns()
                    .isEmpty();
        } catch (RuntimeException e) {
            out.println("Keeping agent fargate-" + cluster + ": cannot list its services: " + e.getMessage());
            return false;
        }
    }

    private static String loadBalancerName(JsonNode properties) {
        return LOAD_BALANCER + properties.path("Namespace").asText() + "-"
                + properties.path("DiscoveryName").asText() + "-"
                + properties.path("Port").asText();
    }

    @Override
    public void afterDelete(String logicalId, String type, JsonNode properties) {
        if (type.equals("Custom::SvcConnectHostFleet")) {
            reconcile(
                    "fleet-" + fileSafe(clusterName(properties.path("Cluster").asText())) + "-" + logicalId + "-",
                    Map.of());
        } else if (type.equals("Custom::SvcConnectService")
                && "FARGATE".equals(properties.path("LaunchType").asText())
                && noFargateServiceLeft(properties.path("Cluster").asText())) {
            reconcile(
                    "fargate-" + fileSafe(clusterName(properties.path("Cluster").asText())), Map.of());
        } else if (type.equals("Custom::SvcConnectCluster")) {
            String cluster = fileSafe(properties.path("ClusterName").asText());
            reconcile("fleet-" + cluster + "-", Map.of());
            reconcile("fargate-" + cluster, Map.of());
        } else if (type.equals("Custom::SvcConnectLoadBalancer")) {
            reconcile(loadBalancerName(properties), Map.of());
        }
    }

    /**
     * Waits until the agents have cleaned up every task the control plane no longer wants running
     * (its processes, network namespace, veth and hosts file), up to {@link #CLEANUP_TIMEOUT}.
     */
    @Override
    public void afterDestroy() {
        Set<String> running = new HashSet<>();
        for (JsonNode agent : read().withArray("agents")) {
            if (ProcessHandle.of(agent.path("pid").asLong())
                    .map(ProcessHandle::isAlive)
                    .orElse(false)) {
                running.add(agent.path("name").asText());
            }
        }
        new TaskCleanup(directory.resolve("agents"), out::println).awaitCleaned(endpoint, running, cleanupTimeout);
    }

    /** Stops every agent. */
    void stopAll() {
        reconcile("", Map.of());
    }

    /** Makes the agents whose names start with {@code prefix} exactly {@code wanted} (name to arguments). */
    private synchronized void reconcile(String prefix, Map<String, List<String>> wanted) {
        ObjectNode record = read();
        ArrayNode kept = Json.mapper().createArrayNode();
        Map<String, List<String>> missing = new LinkedHashMap<>(wanted);
        Map<String, ProcessHandle> stopping = new LinkedHashMap<>();
        for (JsonNode agent : record.withArray("agents")) {
            String name = agent.path("name").asText();
            List<String> args = new ArrayList<>();
            agent.path("args").forEach(a -> args.add(a.asText()));
            boolean alive = ProcessHandle.of(agent.path("pid").asLong())
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
            if (!name.startsWith(prefix)) {
                kept.add(agent);
            } else if (alive && args.equals(wanted.get(name))) {
                kept.add(agent);
                missing.remove(name);
            } else {
                ProcessHandle.of(agent.path("pid").asLong())
                        .filter(ProcessHandle::isAlive)
                        .ifPresent(process -> {
                            process.destroy();
                            stopping.put(name, process);
                        });
            }
        }
        stopping.forEach(this::awaitStopped);
        List<TaskCleanup.Leftover> left =
                new TaskCleanup(directory.resolve("agents"), out::println).records(stopping.keySet());
        missing.forEach((name, args) -> kept.add(start(name, args)));
        record.set("agents", kept);
        write(record);
        if (!left.isEmpty()) {
            throw new DeployException("Stopped agents left " + left.size() + " task(s) they had not cleaned up: "
                    + left.stream().map(TaskCleanup.Leftover::describe).collect(Collectors.joining("; "))
                    + "; an agent started on the same --data directory removes them");
        }
        missing.keySet().stream()
                .filter(name -> !name.startsWith(LOAD_BALANCER))
                .forEach(this::awaitRegistered);
    }

    /**
     * A join token of {@code cluster} for the agent in {@code data}, in {@code data/join-token}
     * (0600): a file, not an argument, which every local user could read in the process list.
     */
    private Path joinTokenFile(Path data, String cluster) {
        Path file = data.resolve("join-token");
        try {
            Files.createDirectories(data);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, keys.joinToken(cluster) + "\n");
        } catch (IOException e) {
            throw new DeployException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private ObjectNode start(String name, List<String> args) {
        boolean loadBalancer = name.startsWith(LOAD_BALANCER);
        Path log = directory.resolve("logs").resolve((loadBalancer ? "" : "agent-") + name + ".log");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(LocalEnvironment.SETSID)) {
            command.add(LocalEnvironment.SETSID.toString());
        }
        command.addAll(loadBalancer ? launchers.loadBalancer() : launchers.agent());
        Map<String, String> environment = new LinkedHashMap<>();
        if (loadBalancer) {
            command.addAll(List.of("proxy", "--control-plane", endpoint.toString()));
            environment.put("SVC_CONNECT_PROXY_KEY", keys.loadBalancerKey(name));
        } else {
            Path data = directory.resolve("agents").resolve(name);
            command.addAll(List.of(
                    "agent",
                    "--control-plane",
                    endpoint.toString(),
                    "--data",
                    data.toString(),
                    "--join-token",
                    "@" + joinTokenFile(data, args.get(args.indexOf("--cluster") + 1)),
                    "--local-s3",
                    s3.directory().toString(),
                    // the local engine stops an agent when its fleet or cluster goes: its tasks go too
                    "--stop-tasks-on-exit"));
        }
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            out.println("Started " + (loadBalancer ? "load balancer " : "agent ") + name + " (pid " + process.pid()
                    + ", log " + log + ")");
            ObjectNode agent =
                    Json.mapper().createObjectNode().put("name", name).put("pid", process.pid());
            ArrayNode recorded = agent.putArray("args");
            args.forEach(recorded::add);
            return agent;
        } catch (IOException e) {
            throw new DeployException("cannot start agent " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until an agent has registered its host (it logs {@code running as ARN} once its stop hook is in
     * place): an agent stopped while it was still registering would leave an active container instance,
     * and its cluster could not be deleted.
     */
    private void awaitRegistered(String name) {
        Path log = directory.resolve("logs").resolve("agent-" + name + ".log");
        long deadline = System.nanoTime() + REGISTER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log) && Files.readString(log).contains("running as ")) {
                    return;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                throw new DeployException("cannot read the log of agent " + name + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException("interrupted while agent " + name + " registered", e);
            }
        }
        throw new DeployException(
                "agent " + name + " did not register within " + REGISTER_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** Waits for an agent that was sent SIGTERM, then SIGKILLs it if it is still there. */
    private void awaitStopped(String name, ProcessHandle process) {
        try {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
        out.println("Stopped " + (name.startsWith(LOAD_BALANCER) ? "load balancer " : "agent ") + name + " (pid "
                + process.pid() + ")");
    }

    /** A cluster given by ARN ({@code arn:aws:ecs:REGION:ACCOUNT:cluster/NAME}) or by name: its name. */
    private static String clusterName(String cluster) {
        return cluster.substring(cluster.lastIndexOf('/') + 1);
    }

    /** {@code text} with every character that does not belong in a file name replaced by '_'. */
    private static String fileSafe(String text) {
        return text.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static void addIfPresent(List<String> args, String option, JsonNode value) {
        if (value != null && !value.isNull() && !value.asText().isEmpty()) {
            args.add(option);
            args.add(value.asText());
        }
    }

    private ObjectNode read() {
        Path file = directory.resolve("agents.json");
        try {
            if (Files.isRegularFile(file) && Json.mapper().readTree(file.toFile()) instanceof ObjectNode record) {
                return record;
            }
        } catch (IOException e) {
            out.println("Ignoring an unreadable " + file + ": " + e.getMessage());
        }
        return Json.mapper().createObjectNode();
    }

    private void write(ObjectNode record) {
        Path file = directory.resolve("agents.json");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, record.toPrettyString());
        } catch (IOException e) {
            throw new DeployException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
