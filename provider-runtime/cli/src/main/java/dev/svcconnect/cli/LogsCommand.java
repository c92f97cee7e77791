package dev.svcconnect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svc-connect logs}: prints a task's container or proxy logs. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the logs of a task's containers and proxy.")
final class LogsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "The task id or ARN.")
    private String task;

    @Option(names = "--container", paramLabel = "C", description = "Only this container (or 'proxy').")
    private String container;

    @Option(names = "--follow", description = "Keep printing as the logs grow.")
    private boolean follow;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #4: the host agent");
    }
}
