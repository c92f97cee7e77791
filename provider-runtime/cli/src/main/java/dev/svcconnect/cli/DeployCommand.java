package dev.svcconnect.cli;

import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.CloudAssembly;
import dev.svcconnect.local.assembly.Synthesizer;
import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.provider.ControlPlane;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect deploy}: synthesizes the app (or reads an assembly), starts the local
 * environment if it is not running, and applies the stacks with the local engine.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Apply a cloud assembly to the local engine (default: synthesize the app of cdk.json).")
final class DeployCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LocalOptions local;

    @ArgGroup(exclusive = true)
    private Source source;

    /** Where the assembly comes from: one of the two options, or cdk.json. */
    static final class Source {
        @Option(
                names = "--app",
                paramLabel = "COMMAND",
                description = "The command that synthesizes the app (default: cdk.json's \"app\").")
        String app;

        @Option(
                names = "--assembly",
                paramLabel = "DIR",
                description = "An existing cloud assembly directory (cdk.out).")
        Path assembly;
    }

    @Option(
            names = "--parameters",
            paramLabel = "NAME=VALUE",
            description = "A value for a stack parameter, instead of its Default (repeatable).")
    private Map<String, String> parameters = new LinkedHashMap<>();

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "Start the local control plane on this PostgreSQL database"
                    + " (jdbc:postgresql://HOST:PORT/DB?user=U[&password=P], else PGPASSWORD) instead of a SQLite file"
                    + " under --dir.")
    private String store;

    @Parameters(
            arity = "0..*",
            paramLabel = "STACK",
            description = "The stacks to deploy, with those they depend on (default: all).")
    private List<String> stacks = List.of();

    @Override
    public Integer call() {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true, StandardCharsets.UTF_8);
        CloudAssembly assembly;
        if (source != null && source.assembly != null) {
            assembly = CloudAssembly.read(source.assembly);
        } else {
            Path here = Path.of("").toAbsolutePath();
            String app = source != null && source.app != null ? source.app : Synthesizer.appOf(here);
            out.println("Synthesizing: " + app);
            assembly = Synthesizer.synthesize(app, here, local.dir.resolve("cdk.out"));
        }
        var selected = assembly.select(stacks);
        LocalEnvironment environment = local.environment();
        URI endpoint = environment.start(store);
        out.println("Control plane: " + endpoint + " (state and logs in " + environment.directory() + ")");
        out.println("Console:       " + endpoint + "/console");
        try (ControlPlane controlPlane = ControlPlane.connect(endpoint.toString(), environment.adminCredentials())) {
            local.engine(environment, controlPlane, endpoint, out, parameters).deploy(selected);
        } catch (DeployException e) {
            throw new DeployException(TaskDirectories.withLogsOf(e.getMessage(), local.dir), e);
        }
        return 0;
    }
}
