package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect access put|get|delete|list}: the access policies of Service Connect services,
 * through {@code PutAccessPolicy} and its siblings, signed with the admin key of the local
 * environment unless {@code --profile} or the AWS variables say otherwise.
 */
@Command(
        name = "access",
        mixinStandardHelpOptions = true,
        description = "Which client services may call a Service Connect service (docs/security.md).",
        subcommands = {
            AccessCommand.Put.class,
            AccessCommand.Get.class,
            AccessCommand.Delete.class,
            AccessCommand.List.class
        })
final class AccessCommand {

    /** The options every subcommand shares: the API and the namespace. */
    static class Target {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(
                names = "--namespace",
                required = true,
                paramLabel = "NS",
                description = "The Cloud Map namespace (name or id).")
        String namespace;

        ObjectNode request() {
            return Json.mapper().createObjectNode().put("Namespace", namespace);
        }

        Integer call(String operation, ObjectNode request) throws Exception {
            return CredentialsCommand.print(spec, api.api().call(operation, request));
        }
    }

    /** A target that names one service too. */
    static class ServiceTarget extends Target {
        @Option(
                names = "--service",
                required = true,
                paramLabel = "SERVICE",
                description = "The service's discovery name.")
        String service;

        @Override
        ObjectNode request() {
            return super.request().put("Service", service);
        }
    }

    @Command(
            name = "put",
            mixinStandardHelpOptions = true,
            description = "Allow only the listed callers: SERVICE (of the same namespace), NAMESPACE/SERVICE,"
                    + " NAMESPACE/* or *.")
    static final class Put extends ServiceTarget implements Callable<Integer> {
        @Option(
                names = "--allow",
                required = true,
                split = ",",
                paramLabel = "CALLER",
                description = "The callers allowed, comma-separated, e.g. webui,other-ns/cli.")
        java.util.List<String> allow;

        @Override
        public Integer call() throws Exception {
            ObjectNode request = request();
            ArrayNode callers = request.putArray("AllowedCallers");
            allow.forEach(callers::add);
            return call("PutAccessPolicy", request);
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Print a service's policy (Default: true when it has none of its own).")
    static final class Get extends ServiceTarget implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return call("GetAccessPolicy", request());
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Remove a service's policy: every service of its namespace may call it again.")
    static final class Delete extends ServiceTarget implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            api.api().call("DeleteAccessPolicy", request());
            spec.commandLine()
                    .getOut()
                    .println("removed the access policy of " + service + " in " + namespace
                            + ": every service of its namespace may call it again");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the policies of a namespace.")
    static final class List extends Target implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return call("ListAccessPolicies", request());
        }
    }

    private AccessCommand() {}
}
