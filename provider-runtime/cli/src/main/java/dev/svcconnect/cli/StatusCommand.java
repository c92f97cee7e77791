package dev.svcconnect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code svc-connect status}: shows the local deployment. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the local stacks, services and tasks.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #5: the constructs, the provider and the local engine");
    }
}
