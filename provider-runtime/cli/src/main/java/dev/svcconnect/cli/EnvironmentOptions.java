package dev.svcconnect.cli;

import dev.svcconnect.local.environment.LocalEnvironment;
import java.nio.file.Path;
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

    /** The environment, whose control plane this JVM's own class path runs. */
    LocalEnvironment environment() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new LocalEnvironment(
                dir, List.of(java, "-cp", System.getProperty("java.class.path"), SvcConnect.class.getName()));
    }
}
