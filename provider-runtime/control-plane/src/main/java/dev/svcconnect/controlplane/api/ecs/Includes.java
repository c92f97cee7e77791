package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.Params;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code include} of a Describe* operation: the optional parts of a resource it answers only
 * when asked, as ECS does (a cluster's tags, settings, configuration, statistics and attachments; a
 * service's, task's or container instance's tags).
 *
 * @param fields the fields of the resource each {@code include} value adds, by value
 */
record Includes(Map<String, List<String>> fields) {

    /** DescribeClusters. */
    static final Includes CLUSTER = new Includes(Map.of(
            "ATTACHMENTS", List.of("attachments", "attachmentsStatus"),
            "CONFIGURATIONS", List.of("configuration"),
            "SETTINGS", List.of("settings"),
            "STATISTICS", List.of("statistics"),
            "TAGS", List.of("tags")));

    /** DescribeServices and DescribeTasks. */
    static final Includes TAGS = new Includes(Map.of("TAGS", List.of("tags")));

    /** DescribeContainerInstances. */
    static final Includes CONTAINER_INSTANCE =
            new Includes(Map.of("TAGS", List.of("tags"), "CONTAINER_INSTANCE_HEALTH", List.of("healthStatus")));

    Includes {
        fields = Map.copyOf(fields);
    }

    /**
     * Checks the request's {@code include}: each value one this operation knows.
     *
     * @return the request's values
     */
    List<String> read(Params request) {
        List<String> values = request.strings("include");
        for (int i = 0; i < values.size(); i++) {
            if (!fields.containsKey(values.get(i))) {
                throw request.invalid(
                        "include[" + i + "]",
                        "'" + values.get(i) + "' (expected one of: " + String.join(", ", new TreeMap<>(fields).keySet())
                                + ")");
            }
        }
        return values;
    }

    /** A resource as answered: a copy without the optional fields that {@code included} does not ask for. */
    ObjectNode described(ObjectNode resource, List<String> included) {
        ObjectNode copy = resource.deepCopy();
        fields.forEach((value, names) -> {
            if (!included.contains(value)) {
                names.forEach(copy::remove);
            }
        });
        return copy;
    }
}
