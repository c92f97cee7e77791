package dev.svcconnect.local.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One applied resource of a stack.
 *
 * @param logicalId    its logical id
 * @param type         its type
 * @param physicalId   the physical id its handler answered (for a skipped resource: its logical id)
 * @param properties   the resolved properties it was last applied with
 * @param data         the attributes its handler answered, which {@code Fn::GetAtt} reads
 * @param dependencies the logical ids of the resources it depends on, which it is deleted before
 * @param skipped      whether it only means something on AWS and was not applied
 */
public record ResourceState(
        String logicalId,
        String type,
        String physicalId,
        JsonNode properties,
        Map<String, Object> data,
        List<String> dependencies,
        boolean skipped) {

    public ResourceState {
        Objects.requireNonNull(logicalId, "logicalId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(physicalId, "physicalId");
        Objects.requireNonNull(properties, "properties");
        data = Map.copyOf(data);
        dependencies = List.copyOf(dependencies);
    }
}
