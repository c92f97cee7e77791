package dev.svcconnect.controlplane.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a request object, read with checks: a missing required field or a field of the
 * wrong type is an {@link ApiException} of the API's invalid-parameter type whose message names
 * the field by its path, e.g. {@code serviceConnectConfiguration.services[0].portName: is required}.
 * It also carries the region the request is for (its signature's credential scope).
 */
public final class Params {

    private final ObjectNode node;
    private final String invalidType;
    private final String path;
    private final String region;

    /**
     * @param node the request object
     * @param invalidType the API's invalid-parameter error type
     * @param region the region the request is for, e.g. {@code eu-west-1}
     */
    public Params(ObjectNode node, String invalidType, String region) {
        this(node, invalidType, "", region);
    }

    private Params(ObjectNode node, String invalidType, String path, String region) {
        this.node = requireNonNull(node, "node");
        this.invalidType = requireNonNull(invalidType, "invalidType");
        this.path = path;
        this.region = requireNonNull(region, "region");
    }

    /** The region the request is for: where it creates, lists and finds resources. */
    public String region() {
        return region;
    }

    /** The request object as received. */
    public ObjectNode node() {
        return node;
    }

    /** The full name of a field of this object, for messages. */
    public String path(String field) {
        return path + field;
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** An error of this API's invalid-parameter type about {@code field}. */
    public ApiException invalid(String field, String problem) {
        return new ApiException(invalidType, path(field) + ": " + problem);
    }

    public String requiredString(String field) {
        String value = string(field);
        if (value == null || value.isEmpty()) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(
                    field,
                    "expected a string, got " + value.getNodeType().toString().toLowerCase());
        }
        return value.textValue();
    }

    public Integer integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw invalid(field, "expected an integer, got " + value);
        }
        return value.intValue();
    }

    public int integer(String field, int defaultValue) {
        Integer value = integer(field);
        return value == null ? defaultValue : value;
    }

    public boolean bool(String field, boolean defaultValue) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw invalid(field, "expected true or false, got " + value);
        }
        return value.booleanValue();
    }

    /** A nested object, or null when absent. */
    public Params object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(
                    field,
                    "expected an object, got " + value.getNodeType().toString().toLowerCase());
        }
        return new Params((ObjectNode) value, invalidType, path(field) + ".", region);
    }

    /** A list of objects; empty when absent. */
    public List<Params> objects(String field) {
        ArrayNode array = array(field);
        List<Params> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                throw invalid(field + "[" + i + "]", "expected an object");
            }
            items.add(new Params((ObjectNode) item, invalidType, path(field) + "[" + i + "].", region));
        }
        return items;
    }

    /** A list of strings; empty when absent. */
    public List<String> strings(String field) {
        ArrayNode array = array(field);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual()) {
                throw invalid(field + "[" + i + "]", "expected a string");
            }
            items.add(item.textValue());
        }
        return items;
    }

    /** A list of {@code min} to {@code max} strings. */
    public List<String> strings(String field, int min, int max) {
        List<String> items = strings(field);
        if (items.isEmpty() && min > 0) {
            throw invalid(field, "is required");
        }
        if (items.size() < min || items.size() > max) {
            throw invalid(field, items.size() + " items (expected: " + min + "-" + max + ")");
        }
        return items;
    }

    private ArrayNode array(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return node.arrayNode();
        }
        if (!value.isArray()) {
            throw invalid(
                    field,
                    "expected a list, got " + value.getNodeType().toString().toLowerCase());
        }
        return (ArrayNode) value;
    }
}
