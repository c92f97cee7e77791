package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags of a stored Cloud Map namespace or service: a {@code Tags} array of {@code Key}/{@code
 * Value} objects, as {@code ListTagsForResource} answers them, which {@code GetNamespace} and
 * {@code GetService} leave out.
 */
final class CloudMapTags {

    static final String TAGS = "Tags";
    private static final String KEY = "Key";
    private static final String VALUE = "Value";

    private CloudMapTags() {}

    /** The tags of {@code json}, by key, in the order they were first set. */
    static Map<String, String> read(ObjectNode json) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : json.path(TAGS)) {
            tags.put(tag.path(KEY).asText(), tag.path(VALUE).asText(""));
        }
        return tags;
    }

    /** Replaces the tags of {@code json}; no tags removes the array. */
    static void write(ObjectNode json, Map<String, String> tags) {
        if (tags.isEmpty()) {
            json.remove(TAGS);
            return;
        }
        ArrayNode array = json.putArray(TAGS);
        tags.forEach((key, value) -> array.addObject().put(KEY, key).put(VALUE, value));
    }
}
