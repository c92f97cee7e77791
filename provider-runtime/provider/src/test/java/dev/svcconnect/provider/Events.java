package dev.svcconnect.provider;

import java.util.HashMap;
import java.util.Map;

/** Custom resource events shaped as the CDK provider framework sends them. */
public final class Events {

    /** The stack id CloudFormation would send. */
    public static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/Apps/1c2fa620-982a-11e3-aff7-50e2416294e0";

    private Events() {}

    /** A Create event of {@code type} {@code logicalId} with {@code properties}. */
    public static Map<String, Object> create(String type, String logicalId, Map<String, Object> properties) {
        Map<String, Object> event = new HashMap<>();
        event.put("RequestType", "Create");
        event.put("ResourceType", type);
        event.put("LogicalResourceId", logicalId);
        event.put("RequestId", "5d7f8c1e-0a4b-4e55-9d53-0c3b51c1d1a1");
        event.put("StackId", STACK_ID);
        event.put("ResourceProperties", properties);
        return event;
    }

    /** An Update event: the physical id, the new and the old properties. */
    public static Map<String, Object> update(
            String type,
            String logicalId,
            String physicalId,
            Map<String, Object> properties,
            Map<String, Object> oldProperties) {
        Map<String, Object> event = create(type, logicalId, properties);
        event.put("RequestType", "Update");
        event.put("PhysicalResourceId", physicalId);
        event.put("OldResourceProperties", oldProperties);
        return event;
    }

    /** A parsed Update event. */
    public static ProviderEvent parsedUpdate(
            String type, String physicalId, Map<String, Object> properties, Map<String, Object> oldProperties) {
        return ProviderEvent.fromMap(update(type, "Resource", physicalId, properties, oldProperties));
    }
}
