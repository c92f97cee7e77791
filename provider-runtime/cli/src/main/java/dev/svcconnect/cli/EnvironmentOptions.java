package dev.svcconnect.cli;

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
     * The environment, whose control plane and agents this JVM's own class path runs: the control
     * plane with its JVM options ({@link JvmOptions#controlPlane()}).
     */
    LocalEnvironment environment() {
        List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> program = List.of("-cp", System.getProperty("java.class.path"), SvcConnect.class.getName());
        return new LocalEnvironment(
                dir,
                Stream.of(java, program).flatMap(List::stream).toList(),
                Stream.of(java, JvmOptions.controlPlane(), program)
                        .flatMap(List::stream)
                        .toList());
    }
}
