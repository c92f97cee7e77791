package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ECS resource tags as the API takes them ({@code [{"key": ..., "value": ...}]}), checked against
 * ECS's limits: at most 50 per resource, a key of 1-128 and a value of 0-256 characters of
 * letters, digits, spaces and {@code + - = . _ : / @}, and no key starting with {@code aws:} in
 * any case, which AWS reserves.
 */
final class Tags {

    static final int MAX_TAGS = 50;
    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
    private static final String RESERVED = "aws:";

    private Tags() {}

    /** The tags of {@code field}, checked, by key in the order given; empty when absent. */
    static Map<String, String> read(Params request, String field) {
        Map<String, String> tags = new LinkedHashMap<>();
        List<Params> items = request.objects(field);
        if (items.size() > MAX_TAGS) {
            throw request.invalid(field, items.size() + " tags (expected: at most " + MAX_TAGS + ")");
        }
        for (Params tag : items) {
            String key = key(tag, "key", tag.string("key"));
            String value = tag.string("value") == null ? "" : tag.string("value");
            if (!VALUE.matcher(value).matches()) {
                throw tag.invalid(
                        "value", "'" + value + "' (expected: 0-256 of letters, digits, spaces and + - = . _ : / @)");
            }
            if (tags.put(key, value) != null) {
                throw tag.invalid("key", "'" + key + "' is given twice (expected: each key once)");
            }
        }
        return tags;
    }

    /** A tag key, checked; {@code where} names it in messages. */
    static String key(Params where, String field, String key) {
        if (key == null || key.isEmpty()) {
            throw where.invalid(field, "is required");
        }
        if (!KEY.matcher(key).matches()) {
            throw where.invalid(
                    field, "'" + key + "' (expected: 1-128 of letters, digits, spaces and + - = . _ : / @)");
        }
        if (key.toLowerCase(Locale.ROOT).startsWith(RESERVED)) {
            throw where.invalid(field, "'" + key + "' (the aws: prefix is reserved for AWS use)");
        }
        return key;
    }

    /** The tags of a stored resource, by key. */
    static Map<String, String> of(JsonNode stored) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : stored.path("tags")) {
            tags.put(tag.path("key").asText(), tag.path("value").asText(""));
        }
        return tags;
    }

    /** Tags in the API's shape. */
    static ArrayNode toJson(Map<String, String> tags) {
        ArrayNode array = Json.mapper().createArrayNode();
        tags.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
        return array;
    }
}
