package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition. */
final class TaskDefinitionOperations {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final List<String> NETWORK_MODES = List.of("bridge", "host", "awsvpc", "none");
    private static final List<String> COMPATIBILITIES = List.of("EC2", "FARGATE", "EXTERNAL");
    private static final List<String> APP_PROTOCOLS = List.of("http", "http2", "grpc");
    private static final String TAGS = "tags";
    private static final String STATUS = "status";

    private final Store store;
    private final EcsRegistry registry;

    TaskDefinitionOperations(Store store, EcsRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    ObjectNode register(Params request) {
        String family = request.requiredString("family");
        if (!NAME.matcher(family).matches()) {
            throw client("family: '" + family + "' (expected: 1-255 of a-z, A-Z, 0-9, '-' and '_')");
        }
        String networkMode = request.string("networkMode") == null ? "bridge" : request.string("networkMode");
        if (!NETWORK_MODES.contains(networkMode)) {
            throw client(
                    "networkMode: '" + networkMode + "' (expected one of: " + String.join(", ", NETWORK_MODES) + ")");
        }
        List<String> requires = requiredCompatibilities(request, networkMode);
        ObjectNode definition = definition(request, networkMode, requires);
        ArrayNode tags = Tags.toJson(Tags.read(request, TAGS));
        ObjectNode saved = store.write(tx -> {
            String familyArn = registry.taskDefinitionArn(request.region(), family);
            int revision = TaskDefinition.revisions(tx, familyArn).stream()
                            .mapToInt(TaskDefinition::revision)
                            .max()
                            .orElse(0)
                    + 1;
            definition.put("taskDefinitionArn", familyArn + ":" + revision);
            definition.put("revision", revision);
            definition.put(STATUS, "ACTIVE");
            definition.put("registeredAt", registry.names().now());
            definition.set(TAGS, tags);
            TaskDefinition.of(definition).save(tx);
            return definition;
        });
        return answer(saved);
    }

    /** The {@code requiresCompatibilities}, checked, with what Fargate requires. */
    private static List<String> requiredCompatibilities(Params request, String networkMode) {
        List<String> requires = request.strings("requiresCompatibilities");
        for (String compatibility : requires) {
            if (!COMPATIBILITIES.contains(compatibility)) {
                throw client(
                        "requiresCompatibilities: '" + compatibility + "' (expected one of: EC2, FARGATE, EXTERNAL)");
            }
        }
        if (requires.contains("FARGATE")) {
            if (!networkMode.equals("awsvpc")) {
                throw client("networkMode: Fargate only supports network mode 'awsvpc', got '" + networkMode + "'.");
            }
            if (request.string("cpu") == null || request.string("memory") == null) {
                throw client("cpu, memory: Fargate requires task-level cpu and memory.");
            }
        }
        return requires;
    }

    /** The definition to store, defaults filled in, before its revision is known; without tags. */
    private static ObjectNode definition(Params request, String networkMode, List<String> requires) {
        List<Params> containers = request.objects("containerDefinitions");
        if (containers.isEmpty()) {
            throw client("containerDefinitions: at least one container definition is required.");
        }
        ObjectNode definition = request.node().deepCopy();
        definition.remove(TAGS);
        ArrayNode containerNodes = definition.putArray("containerDefinitions");
        Set<String> containerNames = new HashSet<>();
        Set<String> portNames = new HashSet<>();
        for (Params container : containers) {
            containerNodes.add(container(container, networkMode, containerNames, portNames));
        }
        definition.put("networkMode", networkMode);
        definition.set("requiresCompatibilities", Json.mapper().valueToTree(requires));
        ArrayNode compatibilities = definition.putArray("compatibilities");
        compatibilities.add("EC2");
        if (networkMode.equals("awsvpc") && request.string("cpu") != null && request.string("memory") != null) {
            compatibilities.add("FARGATE");
        }
        for (String list : List.of("volumes", "placementConstraints")) {
            if (!definition.has(list)) {
                definition.putArray(list);
            }
        }
        return definition;
    }

    private static ObjectNode container(
            Params container, String networkMode, Set<String> containerNames, Set<String> portNames) {
        String name = container.requiredString("name");
        if (!NAME.matcher(name).matches()) {
            throw container.invalid("name", "'" + name + "' (expected: 1-255 of a-z, A-Z, 0-9, '-' and '_')");
        }
        if (!containerNames.add(name)) {
            throw client(container.path("name") + ": '" + name
                    + "' is the name of another container of this task definition.");
        }
        ObjectNode out = container.node().deepCopy();
        if (!out.has("essential")) {
            out.put("essential", true);
        }
        if (!out.has("cpu")) {
            out.put("cpu", 0);
        }
        for (String list : List.of("environment", "mountPoints", "volumesFrom")) {
            if (!out.has(list)) {
                out.putArray(list);
            }
        }
        container.strings("command");
        container.strings("entryPoint");
        for (Params variable : container.objects("environment")) {
            variable.requiredString("name");
        }
        for (Params secret : container.objects("secrets")) {
            secret.requiredString("name");
            secret.requiredString("valueFrom");
        }
        Params healthCheck = container.object("healthCheck");
        if (healthCheck != null) {
            if (healthCheck.strings("command").isEmpty()) {
                throw healthCheck.invalid("command", "is required");
            }
            ObjectNode check = (ObjectNode) out.get("healthCheck");
            putDefault(check, healthCheck, "interval", 30, 5, 300);
            putDefault(check, healthCheck, "timeout", 5, 2, 120);
            putDefault(check, healthCheck, "retries", 3, 1, 10);
            putDefault(check, healthCheck, "startPeriod", 0, 0, 300);
        }
        ArrayNode mappings = out.putArray("portMappings");
        for (Params mapping : container.objects("portMappings")) {
            mappings.add(portMapping(mapping, networkMode, portNames));
        }
        return out;
    }

    private static void putDefault(ObjectNode out, Params in, String field, int defaultValue, int min, int max) {
        int value = in.integer(field, defaultValue);
        if (value < min || value > max) {
            throw in.invalid(field, value + " (expected: " + min + "-" + max + ")");
        }
        out.put(field, value);
    }

    private static ObjectNode portMapping(Params mapping, String networkMode, Set<String> portNames) {
        Integer containerPort = mapping.integer("containerPort");
        if (containerPort == null) {
            throw mapping.invalid("containerPort", "is required");
        }
        rule(() -> ServiceConnectRules.requirePort(containerPort, mapping.path("containerPort")));
        ObjectNode out = mapping.node().deepCopy();
        Integer hostPort = mapping.integer("hostPort");
        if (networkMode.equals("awsvpc") || networkMode.equals("host")) {
            if (hostPort != null && hostPort != 0 && !hostPort.equals(containerPort)) {
                throw client(mapping.path("hostPort") + ": " + hostPort + " (in network mode " + networkMode
                        + " it must equal containerPort " + containerPort + ")");
            }
            out.put("hostPort", containerPort);
        } else if (hostPort != null) {
            if (hostPort < 0 || hostPort > 65535) {
                throw mapping.invalid("hostPort", hostPort + " (expected: 0-65535, 0 picks one)");
            }
        } else {
            out.put("hostPort", 0);
        }
        String protocol = mapping.string("protocol") == null ? "tcp" : mapping.string("protocol");
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw mapping.invalid("protocol", "'" + protocol + "' (expected one of: tcp, udp)");
        }
        out.put("protocol", protocol);
        String name = mapping.string("name");
        if (name != null) {
            rule(() -> ServiceConnectRules.requirePortName(name, mapping.path("name")));
            if (!portNames.add(name)) {
                throw client(
                        mapping.path("name") + ": '" + name + "' names another port mapping of this task definition.");
            }
        }
        String appProtocol = mapping.string("appProtocol");
        if (appProtocol != null) {
            if (!APP_PROTOCOLS.contains(appProtocol)) {
                throw mapping.invalid("appProtocol", "'" + appProtocol + "' (expected one of: http, http2, grpc)");
            }
            if (name == null) {
                throw client(mapping.path("appProtocol") + ": Service connect-related port mapping field 'appProtocol'"
                        + " cannot be set without 'name'.");
            }
        }
        return out;
    }

    ObjectNode describe(Params request) {
        String reference = request.requiredString("taskDefinition");
        ObjectNode definition =
                store.read(tx -> registry.requireTaskDefinition(tx, request.region(), reference, "taskDefinition"));
        ObjectNode response = answer(definition);
        if (!Includes.TAGS.read(request).contains("TAGS")) {
            response.remove(TAGS);
        }
        return response;
    }

    ObjectNode list(Params request) {
        String prefix = request.string("familyPrefix");
        String status = request.string("status") == null ? "ACTIVE" : request.string("status");
        if (!status.equals("ACTIVE") && !status.equals("INACTIVE") && !status.equals("DELETE_IN_PROGRESS")) {
            throw request.invalid("status", "'" + status + "' (expected one of: ACTIVE, INACTIVE, DELETE_IN_PROGRESS)");
        }
        String sort = request.string("sort") == null ? "ASC" : request.string("sort");
        if (!sort.equals("ASC") && !sort.equals("DESC")) {
            throw request.invalid("sort", "'" + sort + "' (expected one of: ASC, DESC)");
        }
        List<TaskDefinition> definitions = new ArrayList<>(store.read(tx -> tx.listAll(Table.TASK_DEFINITIONS)).stream()
                .map(TaskDefinition::of)
                .filter(t -> request.region().equals(Document.regionOf(t.arn())))
                .filter(t -> status.equals(t.status()))
                .filter(t -> prefix == null || t.family().equals(prefix))
                .toList());
        Comparator<TaskDefinition> order =
                Comparator.comparing(TaskDefinition::family).thenComparingInt(TaskDefinition::revision);
        definitions.sort(sort.equals("ASC") ? order : order.reversed());
        List<String> arns = definitions.stream().map(TaskDefinition::arn).toList();
        return Pages.ecsArns(request, arns, "taskDefinitionArns", 100);
    }

    ObjectNode deregister(Params request) {
        String reference = request.requiredString("taskDefinition");
        String familyRevision = reference.substring(reference.lastIndexOf('/') + 1);
        if (!familyRevision.contains(":")) {
            throw client("taskDefinition: '" + reference
                    + "' (expected: family:revision or an ARN; a revision is required)");
        }
        ObjectNode definition = store.write(tx -> {
            TaskDefinition existing = TaskDefinition.of(
                    registry.requireTaskDefinition(tx, request.region(), reference, "taskDefinition"));
            if (!TaskDefinition.INACTIVE.equals(existing.status())) {
                existing.deregister(registry.names().now()).save(tx);
            }
            return existing.json();
        });
        // ECS answers DeregisterTaskDefinition with the definition alone, without its tags.
        ObjectNode response = answer(definition);
        response.remove(TAGS);
        return response;
    }

    /** {@code {"taskDefinition": ..., "tags": [...]}}, the tags moved out of the definition. */
    private static ObjectNode answer(ObjectNode stored) {
        ObjectNode definition = stored.deepCopy();
        ObjectNode response = Json.mapper().createObjectNode();
        response.set(
                TAGS,
                definition.has(TAGS) ? definition.remove(TAGS) : Json.mapper().createArrayNode());
        response.set("taskDefinition", definition);
        return response;
    }

    private static ApiException client(String message) {
        return new ApiException("ClientException", message);
    }

    private static void rule(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new ApiException("ClientException", e.getMessage());
        }
    }
}
