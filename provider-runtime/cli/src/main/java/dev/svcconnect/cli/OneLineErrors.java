package dev.svcconnect.cli;

import picocli.CommandLine;

/**
 * Turns bad input into one line on standard error and exit code 2, and any other failure into
 * one line and exit code 1: no stack traces for a person to read through.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        commandLine
                .getErr()
                .println(commandLine.getCommandName() + ": " + ex.getMessage() + " (see '"
                        + commandLine.getCommandSpec().qualifiedName() + " --help')");
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean badInput = ex instanceof IllegalArgumentException;
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        commandLine.getErr().println(commandLine.getCommandName() + ": " + message);
        return badInput ? BAD_INPUT : FAILED;
    }
}
