package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.svcconnect.model.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags a new task gets, as ECS gives them: its own, those propagated from its service or task
 * definition ({@code propagateTags}), and with {@code enableECSManagedTags} the managed tags
 * {@code aws:ecs:clusterName} and, for a service's task, {@code aws:ecs:serviceName}. A key given
 * twice keeps the first value: the task's own, then the propagated ones.
 */
public final class TaskTags {

    /** The managed tag with the task's cluster name. */
    public static final String CLUSTER_NAME = "aws:ecs:clusterName";
    /** The managed tag with the name of the task's service. */
    public static final String SERVICE_NAME = "aws:ecs:serviceName";

    private TaskTags() {}

    /** The tags of a new task of a service, from the service's {@code propagateTags} and managed tags. */
    public static ArrayNode ofServiceTask(Service service, TaskDefinition taskDefinition) {
        JsonNode json = service.json();
        String propagate = json.path("propagateTags").asText("NONE");
        Map<String, String> tags = new LinkedHashMap<>();
        if (propagate.equals("SERVICE")) {
            add(tags, json.path("tags"));
        } else if (propagate.equals("TASK_DEFINITION")) {
            add(tags, taskDefinition.json().path("tags"));
        }
        if (json.path("enableECSManagedTags").asBoolean(false)) {
            tags.putIfAbsent(CLUSTER_NAME, service.cluster());
            tags.putIfAbsent(SERVICE_NAME, service.name());
        }
        return toArray(tags);
    }

    /**
     * The tags of a task that RunTask starts: {@code own}, then its task definition's with
     * {@code propagateTags} TASK_DEFINITION, then the cluster name with managed tags.
     */
    public static ArrayNode ofRunTask(
            JsonNode own, String propagateTags, boolean managed, TaskDefinition taskDefinition, String cluster) {
        Map<String, String> tags = new LinkedHashMap<>();
        add(tags, own);
        if ("TASK_DEFINITION".equals(propagateTags)) {
            add(tags, taskDefinition.json().path("tags"));
        }
        if (managed) {
            tags.putIfAbsent(CLUSTER_NAME, cluster);
        }
        return toArray(tags);
    }

    private static void add(Map<String, String> tags, JsonNode list) {
        for (JsonNode tag : list) {
            tags.putIfAbsent(tag.path("key").asText(), tag.path("value").asText(""));
        }
    }

    private static ArrayNode toArray(Map<String, String> tags) {
        ArrayNode array = Json.mapper().createArrayNode();
        tags.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
        return array;
    }
}
