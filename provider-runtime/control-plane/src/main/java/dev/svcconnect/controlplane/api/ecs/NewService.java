package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.model.Json;
import java.util.List;

/** The body of a service that CreateService makes, with ECS's defaults, before its first deployment. */
final class NewService {

    private static final String NETWORK_CONFIGURATION = "networkConfiguration";
    private static final List<String> PROPAGATE_TAGS = List.of("TASK_DEFINITION", "SERVICE", "NONE");

    private NewService() {}

    /** A new ACTIVE service, with no tasks and no deployment yet. */
    static ObjectNode json(
            Params request,
            ResourceNames names,
            String serviceArn,
            String clusterArn,
            CapacityProviderStrategies.Target target,
            String taskDefinitionArn,
            ObjectNode deploymentConfiguration) {
        ObjectNode created = Json.mapper().createObjectNode();
        created.put("serviceArn", serviceArn);
        created.put("serviceName", request.string("serviceName"));
        created.put("clusterArn", clusterArn);
        created.putArray("loadBalancers");
        created.set("serviceRegistries", orEmptyArray(request, "serviceRegistries"));
        created.put("status", "ACTIVE");
        created.put("desiredCount", request.integer("desiredCount", 0));
        created.put("runningCount", 0);
        created.put("pendingCount", 0);
        if (target.strategy().isEmpty()) {
            created.put("launchType", target.launchType());
        } else {
            created.set(CapacityProviderStrategies.FIELD, target.strategy());
        }
        if (target.launchType().equals("FARGATE")) {
            String platformVersion = request.string("platformVersion");
            created.put("platformVersion", platformVersion == null ? "LATEST" : platformVersion);
            created.put("platformFamily", "Linux");
        }
        created.put("taskDefinition", taskDefinitionArn);
        created.set("deploymentConfiguration", deploymentConfiguration);
        created.putArray("events");
        created.put("createdAt", names.now());
        created.set("placementConstraints", orEmptyArray(request, "placementConstraints"));
        created.set("placementStrategy", orEmptyArray(request, "placementStrategy"));
        if (request.has(NETWORK_CONFIGURATION)) {
            created.set(NETWORK_CONFIGURATION, request.node().get(NETWORK_CONFIGURATION));
        }
        String schedulingStrategy = request.string("schedulingStrategy");
        created.put("schedulingStrategy", schedulingStrategy == null ? "REPLICA" : schedulingStrategy);
        created.putObject("deploymentController").put("type", "ECS");
        created.put("createdBy", names.arn("iam", "root"));
        created.put("enableECSManagedTags", request.bool("enableECSManagedTags", false));
        String propagateTags = request.string("propagateTags");
        if (propagateTags != null && !PROPAGATE_TAGS.contains(propagateTags)) {
            throw request.invalid(
                    "propagateTags", "'" + propagateTags + "' (expected one of: TASK_DEFINITION, SERVICE, NONE)");
        }
        created.put("propagateTags", propagateTags == null ? "NONE" : propagateTags);
        created.put("enableExecuteCommand", request.bool("enableExecuteCommand", false));
        created.set("tags", Tags.toJson(Tags.read(request, "tags")));
        return created;
    }

    private static JsonNode orEmptyArray(Params request, String field) {
        JsonNode value = request.node().get(field);
        return value == null || value.isNull() ? Json.mapper().createArrayNode() : value;
    }
}
