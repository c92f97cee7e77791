package dev.svcconnect.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.svcconnect.local.intrinsics.IntrinsicException;
import dev.svcconnect.local.intrinsics.Scope;
import dev.svcconnect.local.state.ResourceState;
import dev.svcconnect.model.Json;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one stack's intrinsics read: its parameters and pseudo parameters, the resources applied
 * so far in this deploy, and the exports of the other stacks (recording what it imports).
 */
final class StackScope implements Scope {

    static final String ACCOUNT_ID = "000000000000";
    static final String REGION = "us-east-1";

    private final String stackName;
    private final Map<String, JsonNode> parameters;
    private final Set<String> resources;
    private final Map<String, ResourceState> applied;
    private final Map<String, String> exports;
    private final Set<String> imports = new TreeSet<>();

    StackScope(
            String stackName,
            Map<String, JsonNode> parameters,
            Set<String> resources,
            Map<String, ResourceState> applied,
            Map<String, String> exports) {
        this.stackName = stackName;
        this.parameters = parameters;
        this.resources = resources;
        this.applied = applied;
        this.exports = exports;
    }

    /** The export names read through {@code Fn::ImportValue}. */
    Set<String> imports() {
        return imports;
    }

    @Override
    public JsonNode parameter(String name) {
        switch (name) {
            case "AWS::StackName":
                return TextNode.valueOf(stackName);
            case "AWS::StackId":
                return TextNode.valueOf(
                        "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/" + stackName + "/local");
            case "AWS::Region":
                return TextNode.valueOf(REGION);
            case "AWS::AccountId":
                return TextNode.valueOf(ACCOUNT_ID);
            case "AWS::Partition":
                return TextNode.valueOf("aws");
            case "AWS::URLSuffix":
                return TextNode.valueOf("amazonaws.com");
            case "AWS::NotificationARNs":
                return JsonNodeFactory.instance.arrayNode();
            default:
                return parameters.get(name);
        }
    }

    @Override
    public boolean isResource(String logicalId) {
        return resources.contains(logicalId);
    }

    @Override
    public String physicalId(String logicalId) {
        return state(logicalId).physicalId();
    }

    @Override
    public JsonNode attribute(String logicalId, String attribute) {
        ResourceState state = state(logicalId);
        if (state.skipped()) {
            return TextNode.valueOf("arn:aws:svc-connect:local:skipped:" + logicalId + "." + attribute);
        }
        Object value = state.data().get(attribute);
        if (value == null) {
            throw new IntrinsicException(
                    "Fn::GetAtt: resource " + logicalId + " has no attribute '" + attribute + "' (it has: "
                            + String.join(", ", new TreeSet<>(state.data().keySet())) + ")");
        }
        return value instanceof String text
                ? TextNode.valueOf(text)
                : Json.mapper().valueToTree(value);
    }

    @Override
    public String importValue(String exportName) {
        String value = exports.get(exportName);
        if (value == null) {
            throw new IntrinsicException("Fn::ImportValue: no stack exports '" + exportName + "'"
                    + (exports.isEmpty()
                            ? " (no stack exports anything)"
                            : " (exported: " + String.join(", ", new TreeSet<>(exports.keySet())) + ")"));
        }
        imports.add(exportName);
        return value;
    }

    private ResourceState state(String logicalId) {
        ResourceState state = applied.get(logicalId);
        if (state == null) {
            throw new IntrinsicException(
                    "resource " + logicalId + " is not applied yet (is it excluded by its Condition?)");
        }
        return state;
    }
}
