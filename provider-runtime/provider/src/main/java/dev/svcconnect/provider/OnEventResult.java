package dev.svcconnect.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What onEvent answers: the resource's physical id (a new one means a replacement) and its data,
 * which templates read with {@code Fn::GetAtt}.
 *
 * @param physicalResourceId the physical id
 * @param data               attribute values by name
 */
public record OnEventResult(String physicalResourceId, Map<String, Object> data) {

    /** Checks and copies. */
    public OnEventResult {
        Objects.requireNonNull(physicalResourceId, "physicalResourceId");
        data = Map.copyOf(data);
    }

    /** The answer as the provider framework reads it: {@code PhysicalResourceId} and {@code Data}. */
    public Map<String, Object> toMap() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("PhysicalResourceId", physicalResourceId);
        answer.put("Data", new LinkedHashMap<>(data));
        return answer;
    }
}
