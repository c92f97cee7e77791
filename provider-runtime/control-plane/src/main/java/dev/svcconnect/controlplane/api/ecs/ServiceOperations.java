package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CreateService, UpdateService, DeleteService, DescribeServices, ListServices and
 * ListServicesByNamespace.
 */
final class ServiceOperations {

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final List<String> LAUNCH_TYPES = List.of("EC2", "FARGATE");

    private final Store store;
    private final EcsRegistry registry;
    private final Scheduler scheduler;
    private final ServiceConnectValidator serviceConnect;

    ServiceOperations(Store store, EcsRegistry registry, Scheduler scheduler) {
        this.store = store;
        this.registry = registry;
        this.scheduler = scheduler;
        this.serviceConnect = new ServiceConnectValidator(registry);
    }

    ObjectNode create(Params request) {
        String name = request.requiredString("serviceName");
        if (!SERVICE_NAME.matcher(name).matches()) {
            throw request.invalid("serviceName", "'" + name + "' (expected: 1-255 of a-z, A-Z, 0-9, '-' and '_')");
        }
        String taskDefinitionRef = request.requiredString("taskDefinition");
        int desiredCount = request.integer("desiredCount", 0);
        if (desiredCount < 0) {
            throw request.invalid("desiredCount", desiredCount + " (expected: 0 or more)");
        }
        String launchType = request.string("launchType") == null ? "EC2" : request.string("launchType");
        if (!LAUNCH_TYPES.contains(launchType)) {
            throw request.invalid("launchType", "'" + launchType + "' (expected one of: EC2, FARGATE)");
        }
        ObjectNode deploymentConfiguration = deploymentConfiguration(request.object("deploymentConfiguration"));
        String schedulingStrategy =
                request.string("schedulingStrategy") == null ? "REPLICA" : request.string("schedulingStrategy");
        if (!schedulingStrategy.equals("REPLICA")) {
            throw request.invalid(
                    "schedulingStrategy",
                    "'" + schedulingStrategy + "' (expected: REPLICA, the only strategy supported)");
        }
        ObjectNode service = store.write(tx -> {
            ObjectNode cluster = registry.requireCluster(tx, request.string("cluster"));
            String clusterName = cluster.get("clusterName").asText();
            String serviceArn = registry.serviceArn(clusterName, name);
            ObjectNode existing = tx.get(Table.SERVICES, serviceArn).orElse(null);
            if (existing != null && !"INACTIVE".equals(existing.path("status").asText())) {
                throw new ApiException("InvalidParameterException", "Creation of service was not idempotent.");
            }
            ObjectNode taskDefinition = requireActive(tx, taskDefinitionRef);
            checkLaunchType(launchType, taskDefinition);
            ServiceConnectValidator.Resolved sc = serviceConnect.resolve(
                    tx, request.object("serviceConnectConfiguration"), cluster, serviceArn, name, taskDefinition);
            ObjectNode created = Json.mapper().createObjectNode();
            created.put("serviceArn", serviceArn);
            created.put("serviceName", name);
            created.put("clusterArn", cluster.get("clusterArn").asText());
            created.putArray("loadBalancers");
            created.set("serviceRegistries", orEmptyArray(request, "serviceRegistries"));
            created.put("status", "ACTIVE");
            created.put("desiredCount", desiredCount);
            created.put("runningCount", 0);
            created.put("pendingCount", 0);
            created.put("launchType", launchType);
            if (launchType.equals("FARGATE")) {
                created.put(
                        "platformVersion",
                        request.string("platformVersion") == null ? "LATEST" : request.string("platformVersion"));
                created.put("platformFamily", "Linux");
            }
            created.put(
                    "taskDefinition", taskDefinition.get("taskDefinitionArn").asText());
            created.set("deploymentConfiguration", deploymentConfiguration);
            created.putArray("events");
            created.put("createdAt", registry.names().now());
            created.set("placementConstraints", orEmptyArray(request, "placementConstraints"));
            created.set("placementStrategy", orEmptyArray(request, "placementStrategy"));
            if (request.has("networkConfiguration")) {
                created.set("networkConfiguration", request.node().get("networkConfiguration"));
            }
            created.put("schedulingStrategy", "REPLICA");
            created.putObject("deploymentController").put("type", "ECS");
            created.put("createdBy", registry.names().arn("iam", "root"));
            created.put("enableECSManagedTags", request.bool("enableECSManagedTags", false));
            created.put(
                    "propagateTags",
                    request.string("propagateTags") == null ? "NONE" : request.string("propagateTags"));
            created.put("enableExecuteCommand", request.bool("enableExecuteCommand", false));
            created.set("tags", orEmptyArray(request, "tags"));
            scheduler.newDeployment(
                    created, taskDefinition.get("taskDefinitionArn").asText(), sc);
            scheduler.reconcile(tx, created);
            return created;
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("service", service);
        return response;
    }

    ObjectNode update(Params request) {
        String reference = request.requiredString("service");
        Integer desiredCount = request.integer("desiredCount");
        if (desiredCount != null && desiredCount < 0) {
            throw request.invalid("desiredCount", desiredCount + " (expected: 0 or more)");
        }
        ObjectNode service = store.write(tx -> {
            ObjectNode cluster = registry.requireCluster(tx, request.string("cluster"));
            String clusterName = cluster.get("clusterName").asText();
            ObjectNode existing = registry.service(tx, clusterName, reference)
                    .orElseThrow(() ->
                            new ApiException("ServiceNotFoundException", "Service not found: " + reference + "."));
            if (!"ACTIVE".equals(existing.path("status").asText())) {
                throw new ApiException("ServiceNotActiveException", "Service was not ACTIVE.");
            }
            if (desiredCount != null) {
                existing.put("desiredCount", desiredCount);
            }
            if (request.has("deploymentConfiguration")) {
                existing.set(
                        "deploymentConfiguration", deploymentConfiguration(request.object("deploymentConfiguration")));
            }
            if (request.has("networkConfiguration")) {
                existing.set("networkConfiguration", request.node().get("networkConfiguration"));
            }
            JsonNode primary = existing.path("deployments").path(0);
            ObjectNode taskDefinition = request.has("taskDefinition")
                    ? requireActive(tx, request.requiredString("taskDefinition"))
                    : registry.taskDefinition(tx, existing.get("taskDefinition").asText())
                            .orElseThrow();
            checkLaunchType(existing.get("launchType").asText(), taskDefinition);
            String taskDefinitionArn = taskDefinition.get("taskDefinitionArn").asText();
            ServiceConnectValidator.Resolved sc;
            if (request.has("serviceConnectConfiguration")) {
                sc = serviceConnect.resolve(
                        tx,
                        request.object("serviceConnectConfiguration"),
                        cluster,
                        existing.get("serviceArn").asText(),
                        existing.get("serviceName").asText(),
                        taskDefinition);
                checkImmutableProtocols(tx, primary, taskDefinition, sc);
            } else {
                sc = currentServiceConnect(primary);
            }
            boolean changed =
                    !taskDefinitionArn.equals(primary.path("taskDefinition").asText())
                            || !Objects.equals(
                                    sc == null ? null : sc.configuration(), primary.get("serviceConnectConfiguration"))
                            || request.bool("forceNewDeployment", false)
                            || request.has("networkConfiguration");
            existing.put("taskDefinition", taskDefinitionArn);
            if (changed) {
                scheduler.newDeployment(existing, taskDefinitionArn, sc);
            } else {
                ((ObjectNode) primary)
                        .put("desiredCount", existing.get("desiredCount").asInt());
                ((ObjectNode) primary).put("updatedAt", registry.names().now());
            }
            scheduler.reconcile(tx, existing);
            return existing;
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("service", service);
        return response;
    }

    ObjectNode delete(Params request) {
        String reference = request.requiredString("service");
        boolean force = request.bool("force", false);
        ObjectNode service = store.write(tx -> {
            ObjectNode cluster = registry.requireCluster(tx, request.string("cluster"));
            ObjectNode existing =
                    registry.requireService(tx, cluster.get("clusterName").asText(), reference);
            if (!"ACTIVE".equals(existing.path("status").asText())) {
                return existing;
            }
            if (existing.path("desiredCount").asInt() > 0 && !force) {
                throw new ApiException(
                        "InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
            }
            existing.put("desiredCount", 0);
            existing.put("status", "DRAINING");
            scheduler.reconcile(tx, existing);
            return existing;
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("service", service);
        return response;
    }

    ObjectNode describe(Params request) {
        List<String> references = request.strings("services", 1, 10);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode services = response.putArray("services");
        ArrayNode failures = response.putArray("failures");
        store.read(tx -> {
            String clusterName = registry.requireCluster(tx, request.string("cluster"))
                    .get("clusterName")
                    .asText();
            for (String reference : references) {
                ObjectNode service =
                        registry.service(tx, clusterName, reference).orElse(null);
                if (service == null) {
                    failures.addObject()
                            .put(
                                    "arn",
                                    reference.startsWith("arn:")
                                            ? reference
                                            : registry.serviceArn(clusterName, reference))
                            .put("reason", "MISSING");
                } else {
                    services.add(service);
                }
            }
            return null;
        });
        return response;
    }

    ObjectNode list(Params request) {
        String launchType = request.string("launchType");
        List<String> arns = store.read(tx -> {
            String clusterName = registry.requireCluster(tx, request.string("cluster"))
                    .get("clusterName")
                    .asText();
            return tx.list(Table.SERVICES, clusterName).stream()
                    .filter(s -> !"INACTIVE".equals(s.path("status").asText()))
                    .filter(s -> launchType == null
                            || launchType.equals(s.path("launchType").asText()))
                    .map(s -> s.get("serviceArn").asText())
                    .toList();
        });
        return Pages.ecsArns(request, arns, "serviceArns", 10);
    }

    ObjectNode listByNamespace(Params request) {
        String namespace = request.requiredString("namespace");
        List<String> arns = store.read(tx -> {
            ObjectNode found = registry.cloudMap()
                    .namespaceByNameOrId(tx, namespace)
                    .orElseThrow(() -> new ApiException(
                            "NamespaceNotFoundException", "namespace: '" + namespace + "' not found."));
            return tx.listByRef(Table.SERVICES, found.get("Arn").asText()).stream()
                    .filter(s -> !"INACTIVE".equals(s.path("status").asText()))
                    .map(s -> s.get("serviceArn").asText())
                    .toList();
        });
        return Pages.ecsArns(request, arns, "serviceArns", 10);
    }

    private ObjectNode requireActive(Transaction tx, String reference) {
        ObjectNode taskDefinition = registry.requireTaskDefinition(tx, reference, "taskDefinition");
        if (!"ACTIVE".equals(taskDefinition.path("status").asText())) {
            throw new ApiException("ClientException", "taskDefinition: '" + reference + "' is INACTIVE.");
        }
        return taskDefinition;
    }

    private static void checkLaunchType(String launchType, ObjectNode taskDefinition) {
        boolean compatible = false;
        for (JsonNode compatibility : taskDefinition.path("compatibilities")) {
            compatible |= compatibility.asText().equals(launchType);
        }
        if (!compatible) {
            throw new ApiException(
                    "InvalidParameterException", "Task definition does not support launch_type " + launchType + ".");
        }
    }

    /** ECS: a Service Connect service's port mapping {@code appProtocol} cannot change. */
    private void checkImmutableProtocols(
            Transaction tx, JsonNode primary, ObjectNode taskDefinition, ServiceConnectValidator.Resolved sc) {
        if (sc == null) {
            return;
        }
        ObjectNode previous = registry.taskDefinition(
                        tx, primary.path("taskDefinition").asText())
                .orElse(null);
        if (previous == null) {
            return;
        }
        for (JsonNode entry : primary.path("serviceConnectConfiguration").path("services")) {
            String portName = entry.path("portName").asText();
            String before = EcsRegistry.portMapping(previous, portName)
                    .map(m -> m.path("appProtocol").asText("tcp"))
                    .orElse(null);
            String after = EcsRegistry.portMapping(taskDefinition, portName)
                    .map(m -> m.path("appProtocol").asText("tcp"))
                    .orElse(null);
            if (before != null && after != null && !before.equals(after)) {
                throw new ApiException(
                        "InvalidParameterException",
                        "serviceConnectConfiguration: the appProtocol of port"
                                + " mapping '" + portName + "' cannot change from " + before + " to " + after
                                + " in a Service Connect service; create a new service.");
            }
        }
    }

    private static ServiceConnectValidator.Resolved currentServiceConnect(JsonNode primary) {
        JsonNode config = primary.get("serviceConnectConfiguration");
        if (config == null) {
            return null;
        }
        return new ServiceConnectValidator.Resolved(
                (ObjectNode) config, (ArrayNode) primary.path("serviceConnectResources"));
    }

    private static ObjectNode deploymentConfiguration(Params request) {
        ObjectNode out = Json.mapper().createObjectNode();
        ObjectNode breaker = out.putObject("deploymentCircuitBreaker");
        Params requestedBreaker = request == null ? null : request.object("deploymentCircuitBreaker");
        breaker.put("enable", requestedBreaker != null && requestedBreaker.bool("enable", false));
        breaker.put("rollback", requestedBreaker != null && requestedBreaker.bool("rollback", false));
        int maximum = request == null ? 200 : request.integer("maximumPercent", 200);
        int minimum = request == null ? 100 : request.integer("minimumHealthyPercent", 100);
        if (maximum < 100) {
            throw request.invalid("maximumPercent", maximum + " (expected: at least 100)");
        }
        if (minimum < 0 || minimum > 100) {
            throw request.invalid("minimumHealthyPercent", minimum + " (expected: 0-100)");
        }
        out.put("maximumPercent", maximum);
        out.put("minimumHealthyPercent", minimum);
        return out;
    }

    private static JsonNode orEmptyArray(Params request, String field) {
        JsonNode value = request.node().get(field);
        return value == null || value.isNull() ? Json.mapper().createArrayNode() : value;
    }
}
