package dev.svcconnect.local.state;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine last applied of one stack: the record kept under {@code /local/v1/stacks/NAME}.
 *
 * @param stackName  the stack's name
 * @param parameters the parameter values it was applied with
 * @param resources  its resources, in the order they were applied
 * @param outputs    its resolved outputs
 * @param imports    the export names it imports from other stacks
 * @param updatedAt  when it was last applied (ISO-8601)
 */
public record StackState(
        String stackName,
        Map<String, String> parameters,
        List<ResourceState> resources,
        List<OutputState> outputs,
        List<String> imports,
        String updatedAt) {

    public StackState {
        Objects.requireNonNull(stackName, "stackName");
        parameters = Map.copyOf(parameters);
        resources = List.copyOf(resources);
        outputs = List.copyOf(outputs);
        imports = List.copyOf(imports);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The resource {@code logicalId}, or null. */
    public ResourceState resource(String logicalId) {
        return resources.stream()
                .filter(r -> r.logicalId().equals(logicalId))
                .findFirst()
                .orElse(null);
    }
}
