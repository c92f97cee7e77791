package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.host.AgentConfig;
import dev.svcconnect.agent.host.HostAgent;
import dev.svcconnect.agent.network.NetnsSettings;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import dev.svcconnect.controlplane.mesh.MeshCaSettings;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.controlplane.server.TlsSettings;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.provider.SvcConnectApi;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * One test's machine: a control plane and host agents in this JVM, their tasks and proxies as
 * processes, under names unique to the run; {@link #close()} stops everything and checks that no
 * process, network namespace or bridge is left. Or host agents of control plane replicas the test
 * runs as processes ({@link #Hosts(Path, ControlPlaneReplicas, List)}).
 */
final class Hosts implements AutoCloseable {

    ControlPlaneServer controlPlane;
    final EcsClient ecs;
    final String prefix;
    /**
     * This JVM's child processes from before these hosts (such as the jsii runtime of a test that
     * synthesized a CDK app in-process): not theirs to stop, so not counted as left behind.
     */
    private final Set<Long> earlierProcesses =
            ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());

    final String bridge;
    final String cidr;
    private final Path data;
    private final Path controlPlaneData;
    private final MeshCaSettings mesh;
    private final Duration hostLossTimeout;
    private final TlsSettings tls;
    private final List<HostAgent> agents = new ArrayList<>();
    /** A variable only the environment of an agent process has, which its tasks must not see. */
    static final String AGENT_ONLY_VARIABLE = "E2E_AGENT_ONLY";

    private final List<Process> agentProcesses = new ArrayList<>();
    private boolean killedAnAgent;
    private int stoppedPort;
    /** The replicas the agents are given when the test runs them; empty with the control plane of this JVM. */
    private final List<URI> replicas;

    private final AwsCredentialsProvider replicasAdmin;
    private final ControlPlaneReplicas replicaProcesses;

    Hosts(Path data) {
        this(data, data.resolve("control-plane"), TlsSettings.off());
    }

    /** A machine whose control plane keeps its store in {@code controlPlaneData}. */
    Hosts(Path data, Path controlPlaneData) {
        this(data, controlPlaneData, TlsSettings.off());
    }

    /**
     * With {@code tls} on, the control plane serves {@code https://}; the SDK client and the agents
     * trust its CA ({@link #caBundle()}).
     */
    Hosts(Path data, TlsSettings tls) {
        this(data, data.resolve("control-plane"), tls, MeshCaSettings.defaults());
    }

    /** A machine whose control plane runs its mesh CA with {@code mesh}, such as short-lived certificates. */
    Hosts(Path data, MeshCaSettings mesh) {
        this(data, data.resolve("control-plane"), TlsSettings.off(), mesh);
    }

    /**
     * A machine whose control plane loses a host only after {@code hostLossTimeout} without a
     * heartbeat, for the scenarios that restart agents on a machine where a JVM may take longer to
     * start than the default timeout.
     */
    Hosts(Path data, Duration hostLossTimeout) {
        this(data, data.resolve("control-plane"), TlsSettings.off(), MeshCaSettings.defaults(), hostLossTimeout);
    }

    private Hosts(Path data, Path controlPlaneData, TlsSettings tls) {
        this(data, controlPlaneData, tls, MeshCaSettings.defaults());
    }

    private Hosts(Path data, Path controlPlaneData, TlsSettings tls, MeshCaSettings mesh) {
        this(data, controlPlaneData, tls, mesh, HostRegistry.DEFAULT_LOSS_TIMEOUT);
    }

    private Hosts(Path data, Path controlPlaneData, TlsSettings tls, MeshCaSettings mesh, Duration hostLossTimeout) {
        this.data = data;
        this.controlPlaneData = controlPlaneData;
        this.tls = tls;
        this.replicas = List.of();
        this.replicasAdmin = null;
        this.replicaProcesses = null;
        this.mesh = mesh;
        this.hostLossTimeout = hostLossTimeout;
        this.controlPlane = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(controlPlaneData)
                .tls(tls)
                .mesh(mesh)
                .hostLossTimeout(hostLossTimeout)
                .build());
        this.ecs = ecs(controlPlane.endpoint(), admin(), caBundle());
        int run = ThreadLocalRandom.current().nextInt(0x1000);
        this.prefix = "e" + Integer.toHexString(run);
        this.bridge = "sce" + Integer.toHexString(run);
        this.cidr = "10.213." + ThreadLocalRandom.current().nextInt(1, 255) + ".0/24";
    }

    /**
     * A machine whose agents are given the control plane {@code replicas} in the order {@code order}
     * names them; {@link #ecs} calls the first; {@link #close()} stops the replicas too.
     */
    Hosts(Path data, ControlPlaneReplicas replicas, List<Integer> order) {
        this.data = data;
        this.controlPlaneData = null;
        this.tls = TlsSettings.off();
        this.replicaProcesses = replicas;
        this.replicas = replicas.endpoints(order);
        this.replicasAdmin = replicas.admin();
        this.mesh = MeshCaSettings.defaults();
        this.hostLossTimeout = HostRegistry.DEFAULT_LOSS_TIMEOUT;
        this.controlPlane = null;
        this.ecs = ecs(this.replicas.get(0), replicasAdmin);
        int run = ThreadLocalRandom.current().nextInt(0x1000);
        this.prefix = "e" + Integer.toHexString(run);
        this.bridge = "sce" + Integer.toHexString(run);
        this.cidr = "10.213." + ThreadLocalRandom.current().nextInt(1, 255) + ".0/24";
    }

    /** The CA that the control plane's certificate is verified against, when it serves TLS. */
    Optional<CaBundle> caBundle() {
        return controlPlane == null
                ? Optional.empty()
                : controlPlane.caCertificate().map(CaBundle::read);
    }

    /** Stops the control plane, as an outage would; {@link #startControlPlaneAgain()} brings it back. */
    void stopControlPlane() {
        stoppedPort = controlPlane.port();
        controlPlane.close();
    }

    /** Starts the control plane again on the same port and store. */
    void startControlPlaneAgain() {
        controlPlane = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(stoppedPort)
                .dataDirectory(controlPlaneData)
                .tls(tls)
                .mesh(mesh)
                .hostLossTimeout(hostLossTimeout)
                .build());
    }

    /** The admin key of this machine's control plane. */
    AwsCredentialsProvider admin() {
        if (controlPlane == null) {
            return replicasAdmin;
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                controlPlane.adminCredentials().accessKeyId(),
                controlPlane.adminCredentials().secretAccessKey()));
    }

    /** A join token of {@code cluster}, created with the admin key. */
    String joinToken(String cluster) {
        return SvcConnectApi.of(controlPlane == null ? replicas.get(0) : controlPlane.endpoint(), admin(), caBundle())
                .call("CreateJoinToken", Json.mapper().createObjectNode().put("Cluster", cluster))
                .path("JoinToken")
                .asText();
    }

    /*
     * The one place the e2e tests get credentials from, also for the tests that run a control plane
     * as a process of its own: its admin key, ECS clients and join tokens signed with it.
     */

    /** The admin key a control plane wrote to {@code DATA/admin-credentials} (profile svc-connect). */
    static AwsCredentialsProvider adminOf(Path controlPlaneData) {
        return ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder()
                        .content(controlPlaneData.resolve("admin-credentials"))
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build())
                .profileName("svc-connect")
                .build();
    }

    /** An ECS client of the control plane at {@code endpoint} signing with {@code credentials}. */
    static EcsClient ecs(URI endpoint, AwsCredentialsProvider credentials) {
        return ecs(endpoint, credentials, Optional.empty());
    }

    /** An ECS client of {@code endpoint} that trusts {@code caBundle} for {@code https://}. */
    static EcsClient ecs(URI endpoint, AwsCredentialsProvider credentials, Optional<CaBundle> caBundle) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        caBundle.ifPresent(ca -> http.tlsTrustManagersProvider(() -> new TrustManager[] {ca.trustManager()}));
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .httpClient(http.build())
                .credentialsProvider(credentials)
                .build();
    }

    /** A join token of {@code cluster} from the control plane at {@code endpoint}, created with {@code admin}. */
    static String joinToken(URI endpoint, AwsCredentialsProvider admin, String cluster) {
        return SvcConnectApi.of(endpoint, admin)
                .call("CreateJoinToken", Json.mapper().createObjectNode().put("Cluster", cluster))
                .get("JoinToken")
                .asText();
    }

    /** Writes a join token of {@code cluster} to a file of {@code agentData}, for {@code --join-token @FILE}. */
    static Path joinTokenFile(Path agentData, String token) throws IOException {
        Path file = agentData.resolve("join-token");
        Files.writeString(file, token);
        return file;
    }

    HostAgent agent(String cluster, String isolation, boolean fargate) throws IOException, InterruptedException {
        return agent(
                cluster,
                isolation,
                fargate,
                controlPlane == null
                        ? ControlPlaneEndpoints.of(replicas)
                        : ControlPlaneEndpoints.of(controlPlane.endpoint()));
    }

    /** An agent that reaches the control plane at {@code controlPlaneUri} (an {@link Uplink}, say). */
    HostAgent agent(String cluster, String isolation, boolean fargate, URI controlPlaneUri)
            throws IOException, InterruptedException {
        return agent(cluster, isolation, fargate, ControlPlaneEndpoints.of(controlPlaneUri));
    }

    private HostAgent agent(String cluster, String isolation, boolean fargate, ControlPlaneEndpoints controlPlanes)
            throws IOException, InterruptedException {
        HostAgent agent = HostAgent.start(AgentConfig.builder()
                .controlPlanes(controlPlanes)
                .caBundle(caBundle())
                .cluster(cluster)
                .fargate(fargate)
                .cpu(8192)
                .memory(16384)
                .isolation(isolation)
                .dataDirectory(data.resolve("agent-" + agents.size()))
                .netns(new NetnsSettings(
                        bridge, cidr, prefix, NetnsSettings.defaults().leaseDirectory()))
                .deregistrationDelay(Duration.ofMillis(300))
                .joinToken(joinToken(cluster))
                .build());
        agents.add(agent);
        return agent;
    }

    /** An agent as a process of its own ({@code svc-connect agent}), for the tests that kill one. */
    Process agentProcess(String cluster) throws IOException {
        return agentProcess(cluster, "agent-process-" + agentProcesses.size());
    }

    /**
     * An agent process on the data directory {@code name}, which an earlier agent process may have
     * used; SIGTERM stops its tasks ({@code --stop-tasks-on-exit}, as the local engine's agents).
     */
    Process agentProcess(String cluster, String name) throws IOException {
        return agentProcess(cluster, name, true);
    }

    /**
     * An agent process on the data directory {@code name}; unless {@code stopTasksOnExit}, SIGTERM
     * makes it exit leaving its tasks running for the next agent on that directory.
     */
    Process agentProcess(String cluster, String name, boolean stopTasksOnExit) throws IOException {
        Path agentData = data.resolve(name);
        Files.createDirectories(agentData);
        List<String> command = new ArrayList<>(Workloads.java(
                "dev.svcconnect.cli.SvcConnect",
                "agent",
                "--control-plane",
                "http://127.0.0.1:" + controlPlane.port(),
                "--cluster",
                cluster,
                "--isolation",
                "netns",
                "--data",
                agentData.toString(),
                "--bridge",
                bridge,
                "--cidr",
                cidr,
                "--name-prefix",
                prefix));
        if (stopTasksOnExit) {
            command.add("--stop-tasks-on-exit");
        }
        command.addAll(List.of("--join-token", "@" + joinTokenFile(agentData, joinToken(cluster))));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        agentData.resolve("agent.log").toFile()));
        builder.environment().put(AGENT_ONLY_VARIABLE, "the agent's own");
        Process process = builder.start();
        agentProcesses.add(process);
        return process;
    }

    /** kill -9 of an agent process: its tasks keep running, orphaned, until {@link #close()} removes them. */
    void kill(Process agent) throws InterruptedException {
        killedAnAgent = true;
        agent.destroyForcibly();
        agent.waitFor();
    }

    Path dataOf(int agent) {
        return data.resolve("agent-" + agent);
    }

    /** What a real host's reboot would do: its namespaces and their processes go, then the bridge. */
    private void removeWhatTheKilledAgentLeft() throws IOException, InterruptedException {
        for (String line : run(List.of("ip", "netns", "list")).split("\n")) {
            String namespace = line.split(" ")[0];
            if (!namespace.startsWith(prefix + "-")) {
                continue;
            }
            for (String pid : run(List.of("ip", "netns", "pids", namespace)).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run(List.of("ip", "netns", "del", namespace));
            Path etc = Path.of("/etc/netns", namespace);
            if (Files.isDirectory(etc)) {
                try (var files = Files.list(etc)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(etc);
            }
        }
        if (Files.exists(Path.of("/sys/class/net", bridge))) {
            run(List.of("ip", "link", "del", bridge));
        }
        Path leases = NetnsSettings.defaults().leaseDirectory().resolve(bridge);
        if (Files.isDirectory(leases)) {
            try (var files = Files.list(leases)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(leases);
        }
    }

    /** Runs a command, answers its standard output; fails on a non-zero exit. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: exit " + process.exitValue());
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (HostAgent agent : agents) {
            agent.close();
        }
        for (Process agent : agentProcesses) {
            agent.destroy();
            agent.waitFor(60, TimeUnit.SECONDS);
        }
        if (killedAnAgent) {
            removeWhatTheKilledAgentLeft();
        }
        ecs.close();
        if (controlPlane != null) {
            controlPlane.close();
        }
        if (replicaProcesses != null) {
            replicaProcesses.close();
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ProcessHandle.current()
                                .descendants()
                                .filter(ProcessHandle::isAlive)
                                .filter(process -> !earlierProcesses.contains(process.pid())))
                        .isEmpty());
        assertThat(run(List.of("ip", "netns", "list"))).doesNotContain(prefix + "-");
        assertThat(Files.exists(Path.of("/sys/class/net", bridge))).isFalse();
        assertThat(Files.exists(NetnsSettings.defaults().leaseDirectory().resolve(bridge)))
                .isFalse();
        assertThat(
                        Files.exists(Path.of("/etc/netns"))
                                ? Files.list(Path.of("/etc/netns"))
                                        .filter(p -> p.getFileName().toString().startsWith(prefix + "-"))
                                        .toList()
                                : List.of())
                .isEmpty();
    }
}
