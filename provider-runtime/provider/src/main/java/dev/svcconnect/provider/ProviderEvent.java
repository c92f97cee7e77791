package dev.svcconnect.provider;

import dev.svcconnect.provider.internal.Properties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One custom resource event as the CDK provider framework sends it to the onEvent and isComplete
 * functions: {@code RequestType}, {@code ResourceType}, {@code LogicalResourceId},
 * {@code PhysicalResourceId} (Update and Delete, and isComplete), {@code ResourceProperties},
 * {@code OldResourceProperties} (Update), {@code Data} (isComplete: what onEvent answered).
 *
 * @param requestType        Create, Update or Delete
 * @param resourceType       {@code Custom::SvcConnect...}
 * @param logicalResourceId  the resource's logical id in its template
 * @param physicalResourceId the resource's physical id, {@code null} on Create's onEvent
 * @param requestId          CloudFormation's id of this request (the same on a retry)
 * @param stackId            the stack's id (an ARN on AWS)
 * @param properties         the resource's properties
 * @param oldProperties      the previous properties on Update, otherwise empty
 * @param data               the data onEvent answered (isComplete only), otherwise empty
 */
public record ProviderEvent(
        RequestType requestType,
        String resourceType,
        String logicalResourceId,
        String physicalResourceId,
        String requestId,
        String stackId,
        Properties properties,
        Properties oldProperties,
        Map<String, Object> data) {

    /** Checks the required fields. */
    public ProviderEvent {
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(logicalResourceId, "logicalResourceId");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(oldProperties, "oldProperties");
        data = Map.copyOf(data);
    }

    /** Reads an event map, failing with a message that names a missing or malformed field. */
    public static ProviderEvent fromMap(Map<String, Object> event) {
        if (event == null) {
            throw new ProviderException("event: is required");
        }
        RequestType requestType = RequestType.fromWireName(event.get("RequestType"));
        String resourceType = requiredString(event, "ResourceType");
        String logicalId = requiredString(event, "LogicalResourceId");
        String physicalId = optionalString(event, "PhysicalResourceId");
        if (physicalId == null && requestType != RequestType.CREATE) {
            throw new ProviderException("PhysicalResourceId: is required for a " + requestType.wireName()
                    + " request (resource " + logicalId + ")");
        }
        String resource = resourceType + " '" + logicalId + "'";
        return new ProviderEvent(
                requestType,
                resourceType,
                logicalId,
                physicalId,
                optionalString(event, "RequestId"),
                optionalString(event, "StackId"),
                Properties.of(resource, event.get("ResourceProperties"), "ResourceProperties"),
                Properties.of(resource, event.get("OldResourceProperties"), "OldResourceProperties"),
                dataOf(event.get("Data")));
    }

    /** The event with the physical id and data that onEvent answered, as isComplete receives it. */
    public ProviderEvent withResult(String newPhysicalId, Map<String, Object> newData) {
        return new ProviderEvent(
                requestType,
                resourceType,
                logicalResourceId,
                newPhysicalId,
                requestId,
                stackId,
                properties,
                oldProperties,
                newData);
    }

    /** How messages name this resource: {@code Custom::SvcConnectService 'WebService'}. */
    public String resourceName() {
        return resourceType + " '" + logicalResourceId + "'";
    }

    private static Map<String, Object> dataOf(Object value) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v != null) {
                    data.put(String.valueOf(k), v);
                }
            });
        }
        return data;
    }

    private static String requiredString(Map<String, Object> event, String field) {
        String value = optionalString(event, field);
        if (value == null || value.isEmpty()) {
            throw new ProviderException(field + ": is required");
        }
        return value;
    }

    private static String optionalString(Map<String, Object> event, String field) {
        Object value = event.get(field);
        return value == null ? null : String.valueOf(value);
    }
}
