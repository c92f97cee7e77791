package dev.svcconnect.cli;

import picocli.CommandLine;

/** What a command that is declared but not built yet answers: one line and exit code 2. */
final class NotBuiltYet {

    private NotBuiltYet() {
    }

    static int answer(CommandLine.Model.CommandSpec spec, String issue) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": not built yet (" + issue + ")");
        return OneLineErrors.BAD_INPUT;
    }
}
