package dev.svcconnect.cli;

import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.model.jvm.JvmOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     * The environment, whose control plane and agents this JVM's own class path runs: the control
     * plane with its JVM options ({@link JvmOptions#controlPlane()}).
     */
    LocalEnvironment environment() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> program = List.of("-cp", System.getProperty("java.class.path"), SvcConnect.class.getName());
        List<String> controlPlane = new ArrayList<>();
        controlPlane.add(java);
        controlPlane.addAll(JvmOptions.controlPlane());
        controlPlane.addAll(program);
        List<String> agents = new ArrayList<>();
        agents.add(java);
        agents.addAll(program);
        return new LocalEnvironment(dir, agents, controlPlane);
    }
}
