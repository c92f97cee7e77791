package dev.svcconnect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code svc-connect demo}: builds and deploys the sample app locally and sends it traffic. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Build and deploy the sample app locally, send traffic, print its endpoints;"
                + " Ctrl-C tears it down.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", description = "Tear down after this long (e.g. 60s) instead of waiting for Ctrl-C.")
    private String duration;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #6: the sample application and the demo");
    }
}
