package dev.svcconnect.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code svc-connect control-plane}: runs the registry with its ECS- and Cloud Map-compatible API. */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "Run the control plane: the ECS and Cloud Map API, the store and the watch API.")
final class ControlPlaneCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "7700", description = "The port to listen on (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(names = "--data", defaultValue = ".svc-connect", paramLabel = "DIR", description = "The data directory (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #2: the control plane");
    }
}
