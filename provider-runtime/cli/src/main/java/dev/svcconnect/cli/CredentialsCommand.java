package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code svc-connect credentials create|list|delete}: the control plane's access keys. */
@Command(
        name = "credentials",
        mixinStandardHelpOptions = true,
        description = "Create, list and delete access keys of the control plane (admin or reader).",
        subcommands = {
            CredentialsCommand.Create.class,
            CredentialsCommand.ListKeys.class,
            CredentialsCommand.Delete.class
        })
final class CredentialsCommand {

    /** Prints an answer of the API as indented JSON. */
    static Integer print(CommandSpec spec, ObjectNode answer) throws Exception {
        spec.commandLine()
                .getOut()
                .println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        return 0;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a key; prints {AccessKeyId, SecretAccessKey}.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(names = "--role", required = true, paramLabel = "admin|reader", description = "What the key may do.")
        String role;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A label, such as ci or grafana.")
        String name;

        @Override
        public Integer call() throws Exception {
            ObjectNode request =
                    Json.mapper().createObjectNode().put("Role", role).put("Name", name);
            return print(spec, api.api().call("CreateAccessKey", request));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Override
        public Integer call() throws Exception {
            return print(spec, api.api().call("ListAccessKeys", Json.mapper().createObjectNode()));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(names = "--access-key-id", required = true, paramLabel = "ID", description = "The key to delete.")
        String accessKeyId;

        @Override
        public Integer call() throws Exception {
            return print(
                    spec,
                    api.api()
                            .call(
                                    "DeleteAccessKey",
                                    Json.mapper().createObjectNode().put("AccessKeyId", accessKeyId)));
        }
    }
}
