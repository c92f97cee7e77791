package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.InstanceHealth;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The instance operations ({@code RegisterInstance}, {@code DeregisterInstance}, {@code
 * GetInstance}, {@code ListInstances}, {@code GetInstancesHealthStatus}, {@code
 * UpdateInstanceCustomHealthStatus}).
 */
final class InstanceOperations {

    private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-zA-Z_/:.@-]{1,64}");
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[a-zA-Z0-9!-~]{1,255}");
    private static final int MAX_ATTRIBUTES = 30;
    private static final int MAX_ATTRIBUTE_VALUE = 1024;
    private static final int MAX_HEALTH_INSTANCES = 100;

    private final Store store;
    private final CloudMap cloudMap;

    InstanceOperations(Store store, CloudMap cloudMap) {
        this.store = requireNonNull(store, "store");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    /** An element of {@code ListInstances}' answer. */
    private record InstanceSummary(
            @JsonProperty("Id") String id,
            @JsonProperty("Attributes") Map<String, String> attributes) {}

    /** One instance's health, as {@code GetInstancesHealthStatus} pages them. */
    private record HealthOf(String instanceId, InstanceHealth health) {}

    void addTo(Map<String, Operation> operations) {
        operations.put("RegisterInstance", this::registerInstance);
        operations.put("DeregisterInstance", this::deregisterInstance);
        operations.put("GetInstance", this::getInstance);
        operations.put("ListInstances", this::listInstances);
        operations.put("GetInstancesHealthStatus", this::getInstancesHealthStatus);
        operations.put("UpdateInstanceCustomHealthStatus", this::updateInstanceCustomHealthStatus);
    }

    private ObjectNode registerInstance(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        Map<String, String> attributes = attributes(request);
        return Answers.operationId(store.write(tx -> cloudMap.registerInstance(
                tx, request.region(), serviceId, instanceId, attributes, request.string("CreatorRequestId"))));
    }

    private static Map<String, String> attributes(Params request) {
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
            if (value.length() > MAX_ATTRIBUTE_VALUE) {
                throw attributeParams.invalid(key, "value longer than " + MAX_ATTRIBUTE_VALUE + " characters");
            }
            attributes.put(key, value);
        });
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw request.invalid(
                    "Attributes", attributes.size() + " attributes (expected: at most " + MAX_ATTRIBUTES + ")");
        }
        return attributes;
    }

    private ObjectNode deregisterInstance(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        return Answers.operationId(
                store.write(tx -> cloudMap.deregisterInstance(tx, request.region(), serviceId, instanceId)));
    }

    private ObjectNode getInstance(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        Instance instance = store.read(tx ->
                cloudMap.requireInstance(tx, cloudMap.requireService(tx, request.region(), serviceId), instanceId));
        return Answers.single("Instance", instance.answer());
    }

    private ObjectNode listInstances(Params request) {
        String serviceId = request.requiredString("ServiceId");
        List<Instance> all = store.read(
                tx -> cloudMap.requireService(tx, request.region(), serviceId).instances(tx));
        Pages<Instance> page = Answers.page(request, all);
        ObjectNode answer = Answers.empty();
        List<InstanceSummary> summaries = page.items().stream()
                .map(instance -> new InstanceSummary(instance.id(), instance.attributes()))
                .toList();
        answer.set("Instances", Json.mapper().valueToTree(summaries));
        return Answers.withToken(answer, page);
    }

    private ObjectNode getInstancesHealthStatus(Params request) {
        String serviceId = request.requiredString("ServiceId");
        List<String> wanted =
                request.has("Instances") ? request.strings("Instances", 1, MAX_HEALTH_INSTANCES) : List.of();
        List<HealthOf> all = store.read(tx -> {
            DiscoveryService service = cloudMap.requireService(tx, request.region(), serviceId);
            Map<String, Instance> byId = new LinkedHashMap<>();
            service.instances(tx).forEach(instance -> byId.put(instance.id(), instance));
            List<HealthOf> statuses = new ArrayList<>();
            for (String id : wanted.isEmpty() ? List.copyOf(byId.keySet()) : wanted) {
                Instance instance = byId.get(id);
                if (instance == null) {
                    throw new ApiException(
                            "InstanceNotFound", "Instance '" + id + "' not found in service '" + serviceId + "'.");
                }
                statuses.add(new HealthOf(id, service.health(instance)));
            }
            return statuses;
        });
        Pages<HealthOf> page = Answers.page(request, all);
        ObjectNode answer = Answers.empty();
        ObjectNode status = answer.putObject("Status");
        page.items()
                .forEach(health ->
                        status.put(health.instanceId(), health.health().name()));
        return Answers.withToken(answer, page);
    }

    private ObjectNode updateInstanceCustomHealthStatus(Params request) {
        String serviceId = request.requiredString("ServiceId");
        String instanceId = requireInstanceId(request);
        String status = request.requiredString("Status");
        if (!status.equals("HEALTHY") && !status.equals("UNHEALTHY")) {
            throw request.invalid("Status", "'" + status + "' (expected one of: HEALTHY, UNHEALTHY)");
        }
        store.write(tx -> {
            cloudMap.updateCustomHealth(tx, request.region(), serviceId, instanceId, InstanceHealth.valueOf(status));
            return null;
        });
        return Answers.empty();
    }

    /** The request's {@code InstanceId}, checked as Cloud Map does. */
    static String requireInstanceId(Params request) {
        String instanceId = request.requiredString("InstanceId");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw request.invalid(
                    "InstanceId", "'" + instanceId + "' (expected: at most 64 of 0-9, a-z, A-Z and _/:.@-)");
        }
        return instanceId;
    }
}
