package dev.svcconnect.cli;

import dev.svcconnect.agent.host.AgentConfig;
import dev.svcconnect.local.environment.Launchers;
import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.model.jvm.JvmOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Where the local environment lives: the one option of {@code status}, shared by every local command. */
class EnvironmentOptions {

    @Option(
            names = "--dir",
            defaultValue = ".svc-connect",
            paramLabel = "DIR",
            description = "The local environment's directory: state, logs, pid file (default: ${DEFAULT-VALUE}).")
    Path dir;

    /**
     * The environment, whose processes this JVM's own class path runs, each with its JVM options: the
     * control plane's ({@link JvmOptions#controlPlane()}), the host agent's ({@link JvmOptions#agent()})
     * and, for a load balancer, which is a proxy, the sidecar's ({@link AgentConfig#PROXY_JVM_OPTIONS}).
     */
    LocalEnvironment environment() {
        return new LocalEnvironment(
                dir,
                new Launchers(
                        launcher(JvmOptions.controlPlane()),
                        launcher(JvmOptions.agent()),
                        launcher(AgentConfig.PROXY_JVM_OPTIONS)));
    }

    private static List<String> launcher(List<String> jvmOptions) {
        List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> program = List.of("-cp", System.getProperty("java.class.path"), SvcConnect.class.getName());
        return Stream.of(java, jvmOptions, program).flatMap(List::stream).toList();
    }
}
