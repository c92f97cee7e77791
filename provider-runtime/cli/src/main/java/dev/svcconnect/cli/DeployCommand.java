package dev.svcconnect.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svc-connect deploy}: applies a cloud assembly to the local engine. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Apply a cloud assembly to the local engine (default: synthesize the app of cdk.json).")
final class DeployCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--app", description = "The command that synthesizes the app (default: cdk.json's \"app\").")
    private String app;

    @Option(names = "--assembly", description = "An existing cloud assembly directory (cdk.out).")
    private Path assembly;

    @Parameters(arity = "0..*", paramLabel = "STACK", description = "The stacks to deploy (default: all).")
    private List<String> stacks;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #5: the constructs, the provider and the local engine");
    }
}
