package dev.svcconnect.agent.host;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.agent.network.NetnsSettings;
import dev.svcconnect.model.jvm.JvmOptions;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.validation.ServiceConnectRules;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a host agent runs; built with {@link #builder()}, which checks each value.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.builder()
 *     .controlPlane(URI.create("http://127.0.0.1:7700")).cluster("svc-cluster-1")
 *     .isolation("loopback").dataDirectory(Path.of(".svc-connect/agent")).build();
 * }</pre>
 */
public record AgentConfig(
        URI controlPlane,
        String cluster,
        boolean fargate,
        int cpu,
        int memory,
        String isolation,
        Path dataDirectory,
        NetnsSettings netns,
        List<String> proxyCommand,
        Duration deregistrationDelay,
        ControlPlaneEndpoints controlPlanes,
        Optional<CaBundle> caBundle,
        String joinToken,
        Path localS3) {

    public static final int DEFAULT_CPU = 2048;
    public static final int DEFAULT_MEMORY = 4096;
    /** How long a stopping task waits after its deregistration before draining. */
    public static final Duration DEFAULT_DEREGISTRATION_DELAY = Duration.ofSeconds(1);

    public AgentConfig {
        requireNonNull(controlPlane, "controlPlane");
        requireNonNull(cluster, "cluster");
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(netns, "netns");
        proxyCommand = List.copyOf(proxyCommand);
        requireNonNull(deregistrationDelay, "deregistrationDelay");
        requireNonNull(controlPlanes, "controlPlanes");
        requireNonNull(caBundle, "caBundle");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The sidecar's JVM options (docs/proxy.md, "Memory and JVM options"), read from the resource
     * {@code sidecar-jvm.options} next to this class, which {@code bench/proxy.sh} reads too: a small
     * serial-GC heap, both JIT compilers (C1 alone halves throughput), the native heap trimmed every
     * 5 s, Netty's JFR events off. Unknown options are ignored so that a JDK 17 older than 17.0.9,
     * which lacks the trim, still starts; the updates that brought the trim to 17 and 21 as an
     * experimental option get it unlocked.
     */
    public static final List<String> PROXY_JVM_OPTIONS =
            JvmOptions.fromResource(AgentConfig.class, "sidecar-jvm.options");

    /**
     * The default sidecar command: this JVM's java with its class path and {@link #PROXY_JVM_OPTIONS},
     * running {@code dev.svcconnect.proxy.Sidecar} (the proxy without the rest of the command line).
     */
    public static List<String> defaultProxyCommand() {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(PROXY_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.svcconnect.proxy.Sidecar"));
        return List.copyOf(command);
    }

    /** Builds an {@link AgentConfig}. */
    public static final class Builder {
        private URI controlPlane;
        private ControlPlaneEndpoints controlPlanes;
        private String cluster;
        private boolean fargate;
        private int cpu = DEFAULT_CPU;
        private int memory = DEFAULT_MEMORY;
        private String isolation;
        private Path dataDirectory = Path.of(".svc-connect", "agent");
        private NetnsSettings netns = NetnsSettings.defaults();
        private List<String> proxyCommand;
        private Duration deregistrationDelay = DEFAULT_DEREGISTRATION_DELAY;
        private Optional<CaBundle> caBundle = Optional.empty();
        private String joinToken;
        private Path localS3;

        private Builder() {}

        /**
         * A directory standing in for S3 ({@code s3://BUCKET/KEY} is {@code DIR/BUCKET/KEY}), where the
         * local engine publishes the assets that containers' artifacts name; null (the default): S3.
         */
        public Builder localS3(Path localS3) {
            this.localS3 = localS3;
            return this;
        }

        /**
         * The join token of the first registration ({@code svc-connect join-token create}); not
         * needed once the agent keeps its host key in {@code DATA/host-credentials}.
         */
        public Builder joinToken(String joinToken) {
            this.joinToken = joinToken == null || joinToken.isBlank() ? null : joinToken.strip();
            return this;
        }

        public Builder controlPlane(URI controlPlane) {
            requireNonNull(controlPlane, "controlPlane");
            String scheme = controlPlane.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || controlPlane.getHost() == null) {
                throw new IllegalArgumentException("controlPlane: '" + controlPlane
                        + "' (expected: a URL such as http://127.0.0.1:7700 or https://cp.example:7700)");
            }
            this.controlPlane = controlPlane;
            this.controlPlanes = ControlPlaneEndpoints.of(controlPlane);
            return this;
        }

        /**
         * The replicas of a highly available control plane ({@code docs/ha.md}): the agent fails
         * over among them; its tasks' sidecars use the first.
         */
        public Builder controlPlanes(ControlPlaneEndpoints controlPlanes) {
            controlPlane(controlPlanes.all().get(0));
            this.controlPlanes = controlPlanes;
            return this;
        }

        public Builder cluster(String cluster) {
            if (!ServiceConnectRules.isClusterReference(cluster)) {
                throw new IllegalArgumentException("cluster: '" + cluster
                        + "' (expected: 1-255 of letters, digits, - and _, or a cluster ARN of another region)");
            }
            this.cluster = cluster;
            return this;
        }

        public Builder fargate(boolean fargate) {
            this.fargate = fargate;
            return this;
        }

        public Builder cpu(int cpu) {
            if (cpu < 1) {
                throw new IllegalArgumentException("cpu: " + cpu + " (expected: 1 or more)");
            }
            this.cpu = cpu;
            return this;
        }

        public Builder memory(int memory) {
            if (memory < 1) {
                throw new IllegalArgumentException("memory: " + memory + " (expected: 1 or more)");
            }
            this.memory = memory;
            return this;
        }

        /** {@code netns}, {@code loopback}, or null for netns as root on Linux, else loopback. */
        public Builder isolation(String isolation) {
            if (isolation != null && !List.of("netns", "loopback").contains(isolation)) {
                throw new IllegalArgumentException("isolation: '" + isolation + "' (expected one of: netns, loopback)");
            }
            this.isolation = isolation;
            return this;
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        public Builder netns(NetnsSettings netns) {
            this.netns = requireNonNull(netns, "netns");
            return this;
        }

        public Builder proxyCommand(List<String> proxyCommand) {
            requireNonNull(proxyCommand, "proxyCommand");
            if (proxyCommand.isEmpty()) {
                throw new IllegalArgumentException("proxyCommand: is empty (expected: a program and its arguments)");
            }
            this.proxyCommand = new ArrayList<>(proxyCommand);
            return this;
        }

        public Builder deregistrationDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("deregistrationDelay: " + delay + " (expected: 0 or more)");
            }
            this.deregistrationDelay = delay;
            return this;
        }

        /**
         * The CA certificates that an {@code https://} control plane's certificate is verified
         * against (the agent's calls, the relay of its tasks' proxies, the proxies themselves);
         * empty for the JDK's trusted CAs.
         */
        public Builder caBundle(Optional<CaBundle> caBundle) {
            this.caBundle = requireNonNull(caBundle, "caBundle");
            return this;
        }

        public AgentConfig build() {
            if (controlPlane == null || cluster == null) {
                throw new IllegalArgumentException(
                        (controlPlane == null ? "controlPlane" : "cluster") + ": is required");
            }
            return new AgentConfig(
                    controlPlane,
                    cluster,
                    fargate,
                    cpu,
                    memory,
                    isolation,
                    dataDirectory,
                    netns,
                    Optional.ofNullable(proxyCommand).orElseGet(AgentConfig::defaultProxyCommand),
                    deregistrationDelay,
                    controlPlanes,
                    caBundle,
                    joinToken,
                    localS3);
        }
    }
}
