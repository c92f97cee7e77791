package dev.svcconnect.controlplane.document;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A view over one stored JSON object; the subclasses name its keys. */
public abstract class Document {

    private static final String NAME = "name";
    private static final String VALUE = "value";

    private final ObjectNode json;

    Document(ObjectNode json) {
        this.json = requireNonNull(json, "json");
    }

    /** The JSON object this view reads and changes, in the AWS wire shape. */
    public final ObjectNode json() {
        return json;
    }

    /** The text at {@code key}, or null when absent or null. */
    final String text(String key) {
        JsonNode value = json.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The text at {@code key}, or {@code fallback} when absent or null. */
    final String text(String key, String fallback) {
        String value = text(key);
        return value == null ? fallback : value;
    }

    final int integer(String key) {
        return json.path(key).asInt();
    }

    final int integer(String key, int fallback) {
        return json.path(key).asInt(fallback);
    }

    final double decimal(String key) {
        return json.path(key).asDouble();
    }

    /** The array at {@code key}, created empty when absent. */
    final ArrayNode array(String key) {
        JsonNode value = json.get(key);
        return value instanceof ArrayNode array ? array : json.putArray(key);
    }

    /** The value of an ECS attribute ({@code name}/{@code value}) of {@code attributes}, or null. */
    static String attribute(JsonNode attributes, String name) {
        for (JsonNode attribute : attributes) {
            if (name.equals(attribute.path(NAME).asText())) {
                return attribute.path(VALUE).asText(null);
            }
        }
        return null;
    }

    /** The name of an ECS attribute. */
    static String attributeName(JsonNode attribute) {
        return attribute.path(NAME).asText();
    }

    /** Adds an ECS attribute to {@code attributes}; a null value adds a name only. */
    static void addAttribute(ArrayNode attributes, String name, String value) {
        ObjectNode attribute = attributes.addObject().put(NAME, name);
        if (value != null) {
            attribute.put(VALUE, value);
        }
    }

    /** The last part of an ARN ({@code .../NAME}), or the whole text when it has no slash. */
    static String lastPart(String arnOrName) {
        return arnOrName.substring(arnOrName.lastIndexOf('/') + 1);
    }

    /** The region of an ARN ({@code arn:aws:SERVICE:REGION:...}), or null when it is not an ARN. */
    public static String regionOf(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 5);
        return parts.length < 5 ? null : parts[3];
    }

    /** The name in a cluster name or ARN ({@code arn:...:cluster/NAME}); "default" when null or empty. */
    public static String clusterName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return "default";
        }
        return lastPart(nameOrArn);
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof Document document && document.getClass() == getClass() && document.json.equals(json);
    }

    @Override
    public final int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + json;
    }
}
