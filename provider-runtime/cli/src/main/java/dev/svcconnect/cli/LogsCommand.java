package dev.svcconnect.cli;

import dev.svcconnect.agent.task.TaskFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect logs}: prints a task's container or proxy logs, from the agent's data
 * directory (by default the one that has the task: see {@link TaskDirectories}); with
 * {@code --follow}, then keeps printing what the last one gets (until Ctrl-C).
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print the logs of a task's containers and proxy.")
final class LogsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "The task id or ARN.")
    private String task;

    @ArgGroup(exclusive = true)
    private Only only;

    /** At most one of a container or the proxy. */
    static final class Only {
        @Option(names = "--container", paramLabel = "C", description = "Only this container's log.")
        private String container;

        @Option(names = "--proxy", description = "Only the sidecar proxy's log.")
        private boolean proxy;
    }

    @Option(names = "--follow", description = "Keep printing as the logs grow.")
    private boolean follow;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "The agent's data directory (default: .svc-connect/agent, then those of the agents"
                    + " that deploy and demo started, .svc-connect/agents/*).")
    private Path data;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Path> searched =
                data != null ? List.of(data) : TaskDirectories.agentData(TaskDirectories.AGENT_DATA.getParent());
        Path directory = TaskDirectories.find(searched, task).orElse(TaskFiles.directory(searched.get(0), task));
        List<Path> logs;
        String what;
        if (only == null) {
            logs = TaskFiles.logs(directory);
            what = "logs";
        } else if (only.proxy) {
            logs = List.of(TaskFiles.proxyLog(directory));
            what = "proxy log";
        } else {
            logs = List.of(TaskFiles.log(directory, only.container));
            what = "log of container '" + only.container + "'";
        }
        if (logs.isEmpty() || !Files.exists(logs.get(0))) {
            spec.commandLine()
                    .getErr()
                    .println("logs: no " + what + " for task '" + task + "' under "
                            + (data != null ? data : TaskDirectories.AGENT_DATA + " or .svc-connect/agents/*")
                            + (data != null ? "" : " (give the agent's --data)"));
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path log : logs) {
            if (logs.size() > 1) {
                out.println("==> " + log.getFileName() + " <==");
            }
            out.print(Files.readString(log, StandardCharsets.UTF_8));
        }
        out.flush();
        if (!follow) {
            return 0;
        }
        Path followed = logs.get(logs.size() - 1);
        try (InputStream in = Files.newInputStream(followed);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            in.skipNBytes(Files.size(followed));
            char[] buffer = new char[8192];
            while (true) {
                int read = reader.read(buffer);
                if (read > 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                } else {
                    Thread.sleep(200);
                }
            }
        }
    }
}
