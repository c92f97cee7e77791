package dev.svcconnect.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code svc-connect} command: Service Connect for any host. */
@Command(
        name = "svc-connect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Service Connect for any host: call services by logical name, with load balancing,"
                + " health checking, retries, draining and traffic metrics.",
        subcommands = {
            DemoCommand.class,
            DeployCommand.class,
            DestroyCommand.class,
            StatusCommand.class,
            ControlPlaneCommand.class,
            AgentCommand.class,
            ProxyCommand.class,
            LogsCommand.class,
            StoreCommand.class,
            CredentialsCommand.class,
            JoinTokenCommand.class,
            AccessCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SvcConnect implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new SvcConnect());
        commandLine.setExecutionExceptionHandler(new OneLineErrors());
        commandLine.setParameterExceptionHandler(new OneLineErrors());
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
