package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svc-connect join-token create --cluster C [--ttl 24h]}: a token agents register with. */
@Command(
        name = "join-token",
        mixinStandardHelpOptions = true,
        description = "Create join tokens for agents (svc-connect agent --join-token TOKEN).",
        subcommands = {JoinTokenCommand.Create.class})
final class JoinTokenCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a token for a cluster; any number of agents may use it until it expires.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster its hosts join.")
        String cluster;

        @Option(
                names = "--ttl",
                defaultValue = "24h",
                paramLabel = "DURATION",
                description = "How long it is accepted: 90s, 30m, 24h or 7d (default: ${DEFAULT-VALUE}, at most 30d).")
        String ttl;

        @Override
        public Integer call() throws Exception {
            ObjectNode request =
                    Json.mapper().createObjectNode().put("Cluster", cluster).put("TtlSeconds", seconds(ttl));
            return CredentialsCommand.print(spec, api.api().call("CreateJoinToken", request));
        }

        private long seconds(String text) {
            if (text.matches("[1-9][0-9]{0,6}[smhd]")) {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> amount;
                    case 'm' -> Duration.ofMinutes(amount).toSeconds();
                    case 'h' -> Duration.ofHours(amount).toSeconds();
                    default -> Duration.ofDays(amount).toSeconds();
                };
            }
            throw new ParameterException(
                    spec.commandLine(), "--ttl: '" + text + "' (expected: a number and s, m, h or d, such as 24h)");
        }
    }
}
