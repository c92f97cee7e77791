package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ListTaskDefinitionFamilies and DeleteTaskDefinitions. A deleted revision is
 * {@code DELETE_IN_PROGRESS}: it stays describable, and no longer listed as ACTIVE or INACTIVE.
 */
final class TaskDefinitionFamilyOperations {

    static final String DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS";
    private static final List<String> FAMILY_STATUSES = List.of("ACTIVE", "INACTIVE", "ALL");

    private final Store store;
    private final EcsRegistry registry;

    TaskDefinitionFamilyOperations(Store store, EcsRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /**
     * The families whose name starts with {@code familyPrefix}, sorted; {@code status} ACTIVE: with
     * an ACTIVE revision, INACTIVE: with none, ALL (default): every family.
     */
    ObjectNode listFamilies(Params request) {
        String prefix = request.string("familyPrefix") == null ? "" : request.string("familyPrefix");
        String status = request.string("status") == null ? "ALL" : request.string("status");
        if (!FAMILY_STATUSES.contains(status)) {
            throw request.invalid("status", "'" + status + "' (expected one of: ACTIVE, INACTIVE, ALL)");
        }
        Map<String, Boolean> active = new TreeMap<>();
        store.read(tx -> tx.listAll(Table.TASK_DEFINITIONS)).stream()
                .map(TaskDefinition::of)
                .filter(t -> request.region().equals(Document.regionOf(t.arn())))
                .filter(t -> t.family().startsWith(prefix))
                .forEach(t -> active.merge(t.family(), t.isActive(), Boolean::logicalOr));
        List<String> families = active.entrySet().stream()
                .filter(e -> status.equals("ALL") || e.getValue() == status.equals("ACTIVE"))
                .map(Map.Entry::getKey)
                .toList();
        return Pages.ecsArns(request, families, "families", 100);
    }

    /**
     * Deletes INACTIVE revisions (1-10, as {@code family:revision} or ARN); an ACTIVE or missing
     * one is a failure, as ECS answers it.
     */
    ObjectNode delete(Params request) {
        List<String> references = request.strings("taskDefinitions", 1, 10);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode deleted = response.putArray("taskDefinitions");
        ArrayNode failures = response.putArray("failures");
        store.write(tx -> {
            for (String reference : references) {
                String arn = registry.taskDefinitionArn(request.region(), reference);
                Optional<TaskDefinition> found = reference.contains(":") && !reference.endsWith(":")
                        ? registry.taskDefinition(tx, request.region(), reference)
                                .map(TaskDefinition::of)
                        : Optional.empty();
                if (found.isEmpty()) {
                    failure(
                            failures,
                            arn,
                            "TASK_DEFINITION_NOT_FOUND",
                            "The specified task definition does not exist.");
                } else if (found.get().isActive()) {
                    failure(
                            failures,
                            arn,
                            "TASK_DEFINITION_ACTIVE",
                            "The specified task definition is still in ACTIVE status. Deregister it and try again.");
                } else {
                    TaskDefinition definition = found.get();
                    if (!DELETE_IN_PROGRESS.equals(definition.status())) {
                        definition.json().put("status", DELETE_IN_PROGRESS);
                        definition
                                .json()
                                .put("deleteRequestedAt", registry.names().now());
                        definition.save(tx);
                    }
                    ObjectNode answered = definition.json().deepCopy();
                    answered.remove("tags");
                    deleted.add(answered);
                }
            }
            return null;
        });
        return response;
    }

    private static void failure(ArrayNode failures, String arn, String reason, String detail) {
        failures.addObject().put("arn", arn).put("reason", reason).put("detail", detail);
    }
}
