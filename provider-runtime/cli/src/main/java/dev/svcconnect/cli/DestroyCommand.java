package dev.svcconnect.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svc-connect destroy}: removes the local deployment. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Delete the local stacks in reverse order; stop the environment when none is left.")
final class DestroyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "STACK", description = "The stacks to destroy (default: all).")
    private List<String> stacks;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #5: the constructs, the provider and the local engine");
    }
}
