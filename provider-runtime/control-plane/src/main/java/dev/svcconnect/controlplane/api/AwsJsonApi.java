package dev.svcconnect.controlplane.api;

import java.util.Map;

/**
 * An AWS JSON 1.1 service: its {@code X-Amz-Target} prefix, the error type for bad parameters,
 * and its operations by name.
 *
 * @param targetPrefix e.g. {@code AmazonEC2ContainerServiceV20141113}
 * @param invalidParameterType the error type of a missing or malformed field
 * @param operations by operation name, e.g. {@code CreateCluster}
 */
public record AwsJsonApi(String targetPrefix, String invalidParameterType, Map<String, Operation> operations) {

    public AwsJsonApi {
        operations = Map.copyOf(operations);
    }

    /** This API with {@code more} operations of the same target, none of whose names it has already. */
    public AwsJsonApi with(Map<String, Operation> more) {
        Map<String, Operation> all = new java.util.HashMap<>(operations);
        more.forEach((name, operation) -> {
            if (all.putIfAbsent(name, operation) != null) {
                throw new IllegalArgumentException(targetPrefix + "." + name + " is defined twice");
            }
        });
        return new AwsJsonApi(targetPrefix, invalidParameterType, all);
    }
}
