package dev.svcconnect.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code svc-connect} command line in this process, its output and errors into writers a test reads. */
final class CommandLines {

    private CommandLines() {}

    /** Runs {@code svc-connect ARGS}; answers its exit code. */
    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine commandLine = SvcConnect.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
