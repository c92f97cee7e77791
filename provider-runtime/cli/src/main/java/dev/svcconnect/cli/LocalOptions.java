package dev.svcconnect.cli;

import dev.svcconnect.local.engine.LocalEngine;
import dev.svcconnect.local.engine.Progress;
import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.local.state.StackStore;
import dev.svcconnect.provider.ControlPlane;
import dev.svcconnect.provider.SvcConnectProvider;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of the commands that apply stacks (deploy, destroy, demo): the environment's and the engine's. */
final class LocalOptions extends EnvironmentOptions {

    @Option(
            names = "--resource-timeout",
            defaultValue = "600",
            paramLabel = "SECONDS",
            description = "How long one resource may take to reach its desired state (default: ${DEFAULT-VALUE}).")
    int resourceTimeoutSeconds;

    /**
     * An engine against the control plane at {@code endpoint}, printing to {@code out}, whose
     * host agents {@code environment} runs, with these stack parameter values.
     */
    LocalEngine engine(
            LocalEnvironment environment,
            ControlPlane controlPlane,
            URI endpoint,
            PrintStream out,
            Map<String, String> parameters) {
        if (resourceTimeoutSeconds < 1) {
            throw new IllegalArgumentException(
                    "--resource-timeout: " + resourceTimeoutSeconds + " (expected: 1 or more)");
        }
        return new LocalEngine(
                new SvcConnectProvider(controlPlane),
                new StackStore(endpoint),
                withEndpoint(parameters, endpoint),
                Duration.ofSeconds(resourceTimeoutSeconds),
                new Progress(out),
                environment.agents(endpoint, out));
    }

    /** The parameters given, with {@code SvcConnectEndpoint} set to the local control plane. */
    private static Map<String, String> withEndpoint(Map<String, String> parameters, URI endpoint) {
        Map<String, String> values = new LinkedHashMap<>(parameters);
        values.put("SvcConnectEndpoint", endpoint.toString());
        return values;
    }
}
