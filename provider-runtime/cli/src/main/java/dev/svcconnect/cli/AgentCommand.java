package dev.svcconnect.cli;

import dev.svcconnect.agent.host.AgentConfig;
import dev.svcconnect.agent.host.HostAgent;
import dev.svcconnect.agent.network.NetnsSettings;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect agent}: runs a host agent until SIGTERM or Ctrl-C, which stops its tasks
 * (drain, SIGTERM, SIGKILL after the stop timeout) and deregisters the host.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "Run a host agent: an EC2-like host of a cluster, or Fargate-like capacity.")
final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("agent");

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--control-plane",
            required = true,
            paramLabel = "URL",
            description = "The control plane, e.g. http://127.0.0.1:7700 or https://cp.example:7700; the replicas of a"
                    + " highly available one separated by commas (the agent fails over among them).")
    private String controlPlane;

    @Mixin
    private CaBundleOption caBundle;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster to join.")
    private String cluster;

    @Option(
            names = "--join-token",
            paramLabel = "TOKEN|@FILE",
            description = "The join token of the first registration (svc-connect join-token create), or @FILE"
                    + " holding it; later starts use the host key kept in --data.")
    private String joinToken;

    @Option(
            names = "--stop-tasks-on-exit",
            description = "On SIGTERM, stop every task and deregister the host (default: exit leaving the"
                    + " tasks running, for the next agent on the same --data to take over).")
    private boolean stopTasksOnExit;

    @Option(names = "--fargate", description = "Give every task a host of its own (launch type FARGATE).")
    private boolean fargate;

    @Option(names = "--cpu", defaultValue = "2048", description = "CPU units offered (default: ${DEFAULT-VALUE}).")
    private int cpu;

    @Option(
            names = "--memory",
            defaultValue = "4096",
            description = "Memory in MiB offered (default: ${DEFAULT-VALUE}).")
    private int memory;

    @Option(
            names = "--isolation",
            paramLabel = "netns|loopback",
            description = "How tasks are isolated (default: netns as root on Linux, else loopback).")
    private String isolation;

    @Option(
            names = "--data",
            defaultValue = ".svc-connect/agent",
            paramLabel = "DIR",
            description = "Where task files and logs go (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(
            names = "--local-s3",
            paramLabel = "DIR",
            description = "Read containers' artifacts s3://BUCKET/KEY from DIR/BUCKET/KEY instead of S3 (the local"
                    + " engine publishes its assets there; default: S3 with the host's credentials).")
    private Path localS3;

    @Option(
            names = "--bridge",
            defaultValue = NetnsSettings.DEFAULT_BRIDGE,
            description = "netns: the bridge of the tasks' veths (default: ${DEFAULT-VALUE}).")
    private String bridge;

    @Option(
            names = "--cidr",
            defaultValue = NetnsSettings.DEFAULT_CIDR,
            description = "netns: the tasks' private network (default: ${DEFAULT-VALUE}).")
    private String cidr;

    @Option(
            names = "--name-prefix",
            defaultValue = NetnsSettings.DEFAULT_PREFIX,
            description = "netns: prefix of namespace and veth names (default: ${DEFAULT-VALUE}).")
    private String namePrefix;

    @Option(
            names = "--proxy-command",
            paramLabel = "CMD",
            split = " ",
            description =
                    "The sidecar's command, to which --control-plane URL --task ID are appended (default: this JVM running 'svc-connect proxy').")
    private List<String> proxyCommand;

    /** The token of --join-token: as given, or read from @FILE. */
    private String joinToken() {
        if (joinToken == null || !joinToken.startsWith("@")) {
            return joinToken;
        }
        try {
            return java.nio.file.Files.readString(Path.of(joinToken.substring(1)))
                    .strip();
        } catch (java.io.IOException e) {
            throw new ParameterException(
                    spec.commandLine(), "--join-token: cannot read " + joinToken.substring(1) + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig config;
        try {
            AgentConfig.Builder builder = AgentConfig.builder()
                    .controlPlanes(ControlPlaneEndpoints.parse("--control-plane", controlPlane))
                    .cluster(cluster)
                    .fargate(fargate)
                    .cpu(cpu)
                    .memory(memory)
                    .isolation(isolation)
                    .dataDirectory(data)
                    .localS3(localS3 == null ? null : localS3.toAbsolutePath())
                    .netns(new NetnsSettings(bridge, cidr, namePrefix, Path.of("/run/svc-connect")))
                    .caBundle(caBundle.trust())
                    .joinToken(joinToken());
            if (proxyCommand != null) {
                builder.proxyCommand(proxyCommand);
            }
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        HostAgent agent = HostAgent.start(config);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping");
                            if (stopTasksOnExit) {
                                agent.close();
                            } else {
                                agent.detach();
                            }
                        },
                        "svc-connect-shutdown"));
        LOG.info("running as {}", agent.containerInstanceArn());
        agent.stopped().join();
        return 0;
    }
}
