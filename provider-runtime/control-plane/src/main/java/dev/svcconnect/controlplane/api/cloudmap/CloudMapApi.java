package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The Cloud Map operations ({@code Route53AutoNaming_v20170314.*}) that Service Connect uses, with
 * the field names, errors and defaults of the Cloud Map API reference.
 */
public final class CloudMapApi {

    /** The {@code X-Amz-Target} prefix of Cloud Map. */
    public static final String TARGET_PREFIX = "Route53AutoNaming_v20170314";

    private static final Pattern NAMESPACE_NAME = Pattern.compile("[!-~]{1,1024}");
    private static final Pattern SERVICE_NAME = Pattern.compile(
            "[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?(\\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*");
    private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-zA-Z_/:.@-]{1,64}");
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[a-zA-Z0-9!-~]{1,255}");
    private static final int MAX_ATTRIBUTES = 30;

    private final Store store;
    private final CloudMap cloudMap;

    public CloudMapApi(Store store, CloudMap cloudMap) {
        this.store = requireNonNull(store, "store");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    /** The operations, by name. */
    public AwsJsonApi api() {
        Map<String, Operation> operations = new HashMap<>();
        operations.put("CreateHttpNamespace", this::createHttpNamespace);
        operations.put("GetOperation", this::getOperation);
        operations.put("GetNamespace", this::getNamespace);
        operations.put("ListNamespaces", this::listNamespaces);
        operations.put("UpdateHttpNamespace", this::updateHttpNamespace);
        operations.put("DeleteNamespace", this::deleteNamespace);
        operations.put("CreateService", this::createService);
        operations.put("GetService", this::getService);
        operations.put("ListServices", this::listServices);
        operations.put("DeleteService", this::deleteService);
        operations.put("RegisterInstance", this::registerInstance);
        operations.put("DeregisterInstance", this::deregisterInstance);
        operations.put("GetInstance", this::getInstance);
        operations.put("ListInstances", this::listInstances);
        operations.put("DiscoverInstances", this::discoverInstances);
        operations.put("DiscoverInstancesRevision", this::discoverInstancesRevision);
        operations.put("GetInstancesHealthStatus", this::getInstancesHealthStatus);
        operations.put("UpdateInstanceCustomHealthStatus", this::updateInstanceCustomHealthStatus);
        return new AwsJsonApi(TARGET_PREFIX, "InvalidInput", operations);
    }

    private ObjectNode createHttpNamespace(Params request) {
        String name = request.requiredString("Name");
        if (!NAMESPACE_NAME.matcher(name).matches()) {
            throw request.invalid(
                    "Name", "'" + name + "' (expected: 1-1024 printable ASCII characters without spaces)");
        }
        String operationId = store.<String>write(tx -> cloudMap.createHttpNamespace(
                tx, name, request.string("Description"), request.string("CreatorRequestId")));
        return object().put("OperationId", operationId);
    }

    private ObjectNode getOperation(Params request) {
        String id = request.requiredString("OperationId");
        ObjectNode operation = store.read(tx -> tx.get(Table.OPERATIONS, id))
                .orElseThrow(() -> new ApiException("OperationNotFound", "Operation '" + id + "' not found."));
        ObjectNode response = object();
        response.set("Operation", operation);
        return response;
    }

    private ObjectNode getNamespace(Params request) {
        String id = request.requiredString("Id");
        ObjectNode response = object();
        response.set("Namespace", store.read(tx -> cloudMap.namespaceView(tx, cloudMap.requireNamespace(tx, id))));
        return response;
    }

    private ObjectNode listNamespaces(Params request) {
        List<Params> filters = request.objects("Filters");
        List<ObjectNode> all = store.read(tx -> {
            List<ObjectNode> namespaces = new ArrayList<>();
            for (ObjectNode namespace : tx.listAll(Table.NAMESPACES)) {
                if (matchesNamespaceFilters(namespace, filters)) {
                    namespaces.add(cloudMap.namespaceView(tx, namespace));
                }
            }
            return namespaces;
        });
        Pages<ObjectNode> page = Pages.of(all, request, "MaxResults", "NextToken", 100, 100);
        ObjectNode response = object();
        response.putArray("Namespaces").addAll(page.items());
        putToken(response, page);
        return response;
    }

    private static boolean matchesNamespaceFilters(ObjectNode namespace, List<Params> filters) {
        for (Params filter : filters) {
            String name = filter.requiredString("Name");
            String value = switch (name) {
                case "TYPE" -> namespace.get("Type").asText();
                case "NAME", "HTTP_NAME" -> namespace.get("Name").asText();
                default -> throw filter.invalid("Name", "'" + name + "' (expected one of: TYPE, NAME, HTTP_NAME)");
            };
            if (!matches(filter, value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Params filter, String value) {
        List<String> values = filter.strings("Values");
        if (values.isEmpty()) {
            throw filter.invalid("Values", "is required");
        }
        String condition = filter.string("Condition") == null ? "EQ" : filter.string("Condition");
        return switch (condition) {
            case "EQ" -> values.get(0).equals(value);
            case "IN" -> values.contains(value);
            case "BEGINS_WITH" -> value.startsWith(values.get(0));
            default -> throw filter.invalid("Condition", "'" + condition + "' (expected one of: EQ, IN, BEGINS_WITH)");
        };
    }

    private ObjectNode updateHttpNamespace(Params request) {
        String id = request.requiredString("Id");
        Params change = request.object("Namespace");
        if (change == null) {
            throw request.invalid("Namespace", "is required");
        }
        if (!change.has("Description")) {
            throw change.invalid("Description", "is required");
        }
        String description = change.string("Description");
        if (description.length() > 1024) {
            throw change.invalid("Description", description.length() + " characters (expected: at most 1024)");
        }
        String updaterRequestId = request.string("UpdaterRequestId");
        if (updaterRequestId != null && updaterRequestId.length() > 64) {
            throw request.invalid("UpdaterRequestId", updaterRequestId.length() + " characters (expected: at most 64)");
        }
        String operationId =
                store.<String>write(tx -> cloudMap.updateHttpNamespace(tx, id, description, updaterRequestId));
        return object().put("OperationId", operationId);
    }

    private ObjectNode deleteNamespace(Params request) {
        String id = request.requiredString("Id");
        String operationId = store.<String>write(tx -> cloudMap.deleteNamespace(tx, id));
        return object().put("OperationId", operationId);
    }

    private ObjectNode createService(Params request) {
        String name = request.requiredString("Name");
        if (name.length() > 127 || !SERVICE_NAME.matcher(name).matches()) {
            throw request.invalid(
                    "Name",
                    "'" + name + "' (expected: DNS labels of a-z, A-Z, 0-9, '_' and '-', at most 127 characters)");
        }
        String namespaceId = request.requiredString("NamespaceId");
        String type = request.string("Type");
        if (type != null && !type.equals("HTTP")) {
            throw request.invalid("Type", "'" + type + "' (expected: HTTP, the only type of an HTTP namespace)");
        }
        if (request.has("HealthCheckConfig") && request.has("HealthCheckCustomConfig")) {
            throw request.invalid("HealthCheckConfig", "cannot be set with HealthCheckCustomConfig");
        }
        ObjectNode service = store.write(tx -> cloudMap.serviceView(
                tx, cloudMap.createService(tx, name, namespaceId, request.node(), request.string("CreatorRequestId"))));
        ObjectNode response = object();
        response.set("Service", service);
        return response;
    }

    private ObjectNode getService(Params request) {
        String id = request.requiredString("Id");
        ObjectNode response = object();
        response.set("Service", store.read(tx -> cloudMap.serviceView(tx, cloudMap.requireService(tx, id))));
        return response;
    }

    private ObjectNode listServices(Params request) {
        List<Params> filters = request.objects("Filters");
        List<ObjectNode> all = store.read(tx -> {
            List<ObjectNode> services = new ArrayList<>();
            for (ObjectNode service : tx.listAll(Table.DISCOVERY_SERVICES)) {
                if (matchesServiceFilters(service, filters)) {
                    services.add(cloudMap.serviceView(tx, service));
                }
            }
            return services;
        });
        Pages<ObjectNode> page = Pages.of(all, request, "MaxResults", "NextToken", 100, 100);
        ObjectNode response = object();
        response.putArray("Services").addAll(page.items());
        putToken(response, page);
        return response;
    }

    private static boolean matchesServiceFilters(ObjectNode service, List<Params> filters) {
        for (Params filter : filters) {
            String name = filter.requiredString("Name");
            if (!name.equals("NAMESPACE_ID")) {
                throw filter.invalid("Name", "'" + name + "' (expected: NAMESPACE_ID)");
            }
            if (!matches(filter, service.get("NamespaceId").asText())) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode deleteService(Params request) {
        String id = request.requiredString("Id");
        store.write(tx -> {
            cloudMap.deleteService(tx, id);
            return null;
        });
        return object();
    }

    private ObjectNode registerInstance(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        Params attributeParams = request.object("Attributes");
        if (attributeParams == null) {
            throw request.invalid("Attributes", "is required");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributeParams.node().fieldNames().forEachRemaining(key -> {
            if (!ATTRIBUTE_KEY.matcher(key).matches()) {
                throw attributeParams.invalid(
                        key, "not a valid attribute key (expected: 1-255 printable ASCII characters)");
            }
            String value = attributeParams.requiredString(key);
            if (value.length() > 1024) {
                throw attributeParams.invalid(key, "value longer than 1024 characters");
            }
            attributes.put(key, value);
        });
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw request.invalid(
                    "Attributes", attributes.size() + " attributes (expected: at most " + MAX_ATTRIBUTES + ")");
        }
        String operationId = store.<String>write(tx ->
                cloudMap.registerInstance(tx, serviceId, instanceId, attributes, request.string("CreatorRequestId")));
        return object().put("OperationId", operationId);
    }

    private ObjectNode deregisterInstance(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        String operationId = store.<String>write(tx -> cloudMap.deregisterInstance(tx, serviceId, instanceId));
        return object().put("OperationId", operationId);
    }

    private ObjectNode getInstance(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        ObjectNode instance = store.read(tx -> {
            ObjectNode service = cloudMap.requireService(tx, serviceId);
            return cloudMap.requireInstance(tx, service.get("Id").asText(), instanceId);
        });
        instance.remove(CloudMap.HEALTH);
        ObjectNode response = object();
        response.set("Instance", instance);
        return response;
    }

    private ObjectNode listInstances(Params request) {
        String serviceId = request.requiredString("ServiceId");
        List<ObjectNode> all = store.read(tx -> {
            ObjectNode service = cloudMap.requireService(tx, serviceId);
            return cloudMap.instances(tx, service.get("Id").asText());
        });
        Pages<ObjectNode> page = Pages.of(all, request, "MaxResults", "NextToken", 100, 100);
        ObjectNode response = object();
        ArrayNode instances = response.putArray("Instances");
        for (ObjectNode instance : page.items()) {
            ObjectNode summary = instances.addObject();
            summary.set("Id", instance.get("Id"));
            summary.set("Attributes", instance.get("Attributes"));
        }
        putToken(response, page);
        return response;
    }

    private ObjectNode discoverInstances(Params request) {
        String namespaceName = request.requiredString("NamespaceName");
        String serviceName = request.requiredString("ServiceName");
        int maxResults = request.integer("MaxResults", 100);
        if (maxResults < 1 || maxResults > 1000) {
            throw request.invalid("MaxResults", maxResults + " (expected: 1-1000)");
        }
        String healthFilter = request.string("HealthStatus") == null ? "HEALTHY" : request.string("HealthStatus");
        if (!List.of("HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL").contains(healthFilter)) {
            throw request.invalid(
                    "HealthStatus",
                    "'" + healthFilter + "' (expected one of: HEALTHY, UNHEALTHY, ALL, HEALTHY_OR_ELSE_ALL)");
        }
        Map<String, String> query = stringMap(request, "QueryParameters");
        Map<String, String> optional = stringMap(request, "OptionalParameters");
        return store.read(tx -> {
            ObjectNode service = discoveredService(tx, namespaceName, serviceName);
            List<ObjectNode> all = cloudMap.instances(tx, service.get("Id").asText());
            List<ObjectNode> chosen = filterByHealth(service, all, healthFilter);
            chosen = filterByAttributes(chosen, query);
            List<ObjectNode> preferred = filterByAttributes(chosen, optional);
            if (!preferred.isEmpty()) {
                chosen = preferred;
            }
            chosen = new ArrayList<>(chosen);
            Collections.shuffle(chosen, ThreadLocalRandom.current());
            ObjectNode response = object();
            ArrayNode instances = response.putArray("Instances");
            for (ObjectNode instance : chosen.subList(0, Math.min(maxResults, chosen.size()))) {
                ObjectNode summary = instances.addObject();
                summary.set("InstanceId", instance.get("Id"));
                summary.put("NamespaceName", namespaceName);
                summary.put("ServiceName", serviceName);
                summary.put("HealthStatus", CloudMap.health(service, instance));
                summary.set("Attributes", instance.get("Attributes"));
            }
            response.put(
                    "InstancesRevision",
                    service.get(CloudMap.INSTANCES_REVISION).asLong());
            return response;
        });
    }

    private ObjectNode discoverInstancesRevision(Params request) {
        String namespaceName = request.requiredString("NamespaceName");
        String serviceName = request.requiredString("ServiceName");
        long revision = store.read(tx -> discoveredService(tx, namespaceName, serviceName)
                .get(CloudMap.INSTANCES_REVISION)
                .asLong());
        return object().put("InstancesRevision", revision);
    }

    private ObjectNode discoveredService(
            dev.svcconnect.controlplane.store.Transaction tx, String namespaceName, String serviceName) {
        ObjectNode namespace = cloudMap.namespaceByName(tx, namespaceName)
                .orElseThrow(
                        () -> new ApiException("NamespaceNotFound", "Namespace '" + namespaceName + "' not found."));
        return cloudMap.serviceByName(tx, namespace.get("Id").asText(), serviceName)
                .orElseThrow(() -> new ApiException(
                        "ServiceNotFound",
                        "Service '" + serviceName + "' not found in namespace '" + namespaceName + "'."));
    }

    private static List<ObjectNode> filterByHealth(ObjectNode service, List<ObjectNode> instances, String filter) {
        List<ObjectNode> healthy = new ArrayList<>();
        List<ObjectNode> unhealthy = new ArrayList<>();
        for (ObjectNode instance : instances) {
            (CloudMap.isHealthy(service, instance) ? healthy : unhealthy).add(instance);
        }
        return switch (filter) {
            case "HEALTHY" -> healthy;
            case "UNHEALTHY" -> unhealthy;
            case "HEALTHY_OR_ELSE_ALL" -> healthy.isEmpty() ? instances : healthy;
            default -> instances;
        };
    }

    private static List<ObjectNode> filterByAttributes(List<ObjectNode> instances, Map<String, String> wanted) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode instance : instances) {
            boolean all = wanted.entrySet().stream()
                    .allMatch(e -> e.getValue()
                            .equals(instance.get("Attributes").path(e.getKey()).asText(null)));
            if (all) {
                matching.add(instance);
            }
        }
        return matching;
    }

    private ObjectNode getInstancesHealthStatus(Params request) {
        String serviceId = request.requiredString("ServiceId");
        List<String> wanted = request.strings("Instances");
        List<String[]> all = store.read(tx -> {
            ObjectNode service = cloudMap.requireService(tx, serviceId);
            Map<String, ObjectNode> byId = new LinkedHashMap<>();
            for (ObjectNode instance : cloudMap.instances(tx, service.get("Id").asText())) {
                byId.put(instance.get("Id").asText(), instance);
            }
            List<String[]> statuses = new ArrayList<>();
            for (String id : wanted.isEmpty() ? List.copyOf(byId.keySet()) : wanted) {
                ObjectNode instance = byId.get(id);
                if (instance == null) {
                    throw new ApiException(
                            "InstanceNotFound", "Instance '" + id + "' not found in service '" + serviceId + "'.");
                }
                statuses.add(new String[] {id, CloudMap.health(service, instance)});
            }
            return statuses;
        });
        Pages<String[]> page = Pages.of(all, request, "MaxResults", "NextToken", 100, 100);
        ObjectNode response = object();
        ObjectNode status = response.putObject("Status");
        page.items().forEach(pair -> status.put(pair[0], pair[1]));
        putToken(response, page);
        return response;
    }

    private ObjectNode updateInstanceCustomHealthStatus(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        String status = request.requiredString("Status");
        if (!status.equals("HEALTHY") && !status.equals("UNHEALTHY")) {
            throw request.invalid("Status", "'" + status + "' (expected one of: HEALTHY, UNHEALTHY)");
        }
        store.write(tx -> {
            cloudMap.updateCustomHealth(tx, serviceId, instanceId, status);
            return null;
        });
        return object();
    }

    private static String requireInstanceId(Params request) {
        String instanceId = request.requiredString("InstanceId");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw request.invalid(
                    "InstanceId", "'" + instanceId + "' (expected: at most 64 of 0-9, a-z, A-Z and _/:.@-)");
        }
        return instanceId;
    }

    private static Map<String, String> stringMap(Params request, String field) {
        Params map = request.object(field);
        Map<String, String> values = new LinkedHashMap<>();
        if (map != null) {
            map.node().fieldNames().forEachRemaining(key -> values.put(key, map.requiredString(key)));
        }
        return values;
    }

    private static void putToken(ObjectNode response, Pages<?> page) {
        if (page.nextToken() != null) {
            response.put("NextToken", page.nextToken());
        }
    }

    private static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
