package dev.svcconnect.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code svc-connect agent}: runs a host agent. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run a host agent: an EC2-like host of a cluster, or Fargate-like capacity.")
final class AgentCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--control-plane", required = true, paramLabel = "URL", description = "The control plane, e.g. http://127.0.0.1:7700.")
    private String controlPlane;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster to join.")
    private String cluster;

    @Option(names = "--fargate", description = "Give every task a host of its own (launch type FARGATE).")
    private boolean fargate;

    @Option(names = "--cpu", defaultValue = "2048", description = "CPU units offered (default: ${DEFAULT-VALUE}).")
    private int cpu;

    @Option(names = "--memory", defaultValue = "4096", description = "Memory in MiB offered (default: ${DEFAULT-VALUE}).")
    private int memory;

    @Option(names = "--isolation", paramLabel = "netns|loopback", description = "How tasks are isolated (default: netns as root on Linux, else loopback).")
    private String isolation;

    @Option(names = "--data", paramLabel = "DIR", description = "Where task files and logs go.")
    private Path data;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #4: the host agent");
    }
}
