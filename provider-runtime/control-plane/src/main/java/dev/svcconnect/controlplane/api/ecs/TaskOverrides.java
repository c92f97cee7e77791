package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.model.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code overrides} of RunTask: per container, by {@code name}, a {@code command} and
 * {@code environment} variables; stored on the task as ECS shows them, and applied when its host
 * runs it ({@link TaskDefinition#runWith}).
 */
final class TaskOverrides {

    private static final String FIELD = "overrides";
    private static final String CONTAINERS = "containerOverrides";

    private TaskOverrides() {}

    /** The overrides of a request, checked for shape, as the task stores them. */
    static ObjectNode read(Params request) {
        ObjectNode overrides = Json.mapper().createObjectNode();
        ArrayNode containers = overrides.putArray(CONTAINERS);
        overrides.putArray("inferenceAcceleratorOverrides");
        Params given = request.object(FIELD);
        if (given == null) {
            return overrides;
        }
        Set<String> names = new HashSet<>();
        for (Params container : given.objects(CONTAINERS)) {
            String name = container.requiredString("name");
            if (!names.add(name)) {
                throw container.invalid("name", "'" + name + "' has another override (expected: one per container)");
            }
            ObjectNode out = containers.addObject().put("name", name);
            if (container.has("command")) {
                out.set("command", Json.mapper().valueToTree(container.strings("command")));
            }
            if (container.has("environment")) {
                ArrayNode environment = out.putArray("environment");
                for (Params variable : container.objects("environment")) {
                    String value = variable.string("value");
                    environment
                            .addObject()
                            .put("name", variable.requiredString("name"))
                            .put("value", value == null ? "" : value);
                }
            }
        }
        return overrides;
    }

    /** ECS: every override names a container of the task definition. */
    static void check(Params request, TaskDefinition taskDefinition) {
        Params given = request.object(FIELD);
        if (given == null) {
            return;
        }
        List<String> containers = taskDefinition.containerNames();
        for (Params container : given.objects(CONTAINERS)) {
            String name = container.string("name");
            if (!containers.contains(name)) {
                throw new ApiException(
                        "InvalidParameterException",
                        container.path("name") + ": Override for container named " + name
                                + " is not a container in the TaskDefinition (expected one of: "
                                + String.join(", ", containers) + ").");
            }
        }
    }
}
