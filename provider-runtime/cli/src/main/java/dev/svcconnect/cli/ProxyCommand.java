package dev.svcconnect.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code svc-connect proxy}: runs a sidecar proxy, from a file or following the control plane. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Run a sidecar proxy (normally started by the host agent).")
final class ProxyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE.json", description = "A static configuration (see docs/proxy.md).")
    private Path config;

    @Option(names = "--control-plane", paramLabel = "URL", description = "Follow this control plane's watch API.")
    private String controlPlane;

    @Option(names = "--task", paramLabel = "TASK_ID", description = "The task this proxy serves (with --control-plane).")
    private String task;

    @Override
    public Integer call() {
        return NotBuiltYet.answer(spec, "issue #3: the sidecar proxy");
    }
}
