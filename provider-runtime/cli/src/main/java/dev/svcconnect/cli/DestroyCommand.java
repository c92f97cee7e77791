package dev.svcconnect.cli;

import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.local.state.StackStore;
import dev.svcconnect.provider.ControlPlane;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svc-connect destroy}: deletes local stacks, and stops the environment when none is left. */
@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        description = "Delete the local stacks in reverse order; stop the environment when none is left.")
final class DestroyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LocalOptions local;

    @Parameters(arity = "0..*", paramLabel = "STACK", description = "The stacks to destroy (default: all).")
    private List<String> stacks = List.of();

    @Override
    public Integer call() {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true, StandardCharsets.UTF_8);
        LocalEnvironment environment = local.environment();
        Optional<URI> running = environment.running();
        if (running.isEmpty()) {
            if (!stacks.isEmpty()) {
                throw new IllegalArgumentException("No local environment runs in " + environment.directory()
                        + ", so there is no stack " + String.join(", ", stacks) + " to destroy");
            }
            out.println("Nothing to destroy: no local environment runs in " + environment.directory());
            return 0;
        }
        URI endpoint = running.get();
        try (ControlPlane controlPlane = ControlPlane.connect(endpoint.toString(), environment.adminCredentials())) {
            local.engine(environment, controlPlane, endpoint, out, Map.of()).destroy(stacks);
        }
        if (new StackStore(endpoint).list().isEmpty()) {
            environment.stop(out);
            out.println("No stack is left: stopped the local environment (its state stays in " + environment.directory()
                    + ")");
        }
        return 0;
    }
}
