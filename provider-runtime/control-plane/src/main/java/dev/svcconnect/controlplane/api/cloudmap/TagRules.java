package dev.svcconnect.controlplane.api.cloudmap;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The limits of Cloud Map tags: a key of 1-128 characters not starting with {@code aws:}, a value
 * of 0-256, at most 200 tags or keys in one request and at most 50 tags on one resource
 * ({@code TooManyTagsException} beyond).
 */
final class TagRules {

    /** The most tags a namespace or service can have. */
    static final int MAX_TAGS_PER_RESOURCE = 50;

    private static final int MAX_PER_REQUEST = 200;
    private static final int MAX_KEY = 128;
    private static final int MAX_VALUE = 256;
    private static final String RESERVED_PREFIX = "aws:";

    private TagRules() {}

    /**
     * The request's {@code Tags} ({@code Key}/{@code Value} objects) by key, a later tag replacing an
     * earlier one of the same key; empty when absent.
     */
    static Map<String, String> tags(Params request) {
        List<Params> tags = request.objects("Tags");
        if (tags.size() > MAX_PER_REQUEST) {
            throw request.invalid("Tags", tags.size() + " tags (expected: at most " + MAX_PER_REQUEST + ")");
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Params tag : tags) {
            String key = key(tag, "Key", tag.requiredString("Key"));
            if (!tag.has("Value")) {
                throw tag.invalid("Value", "is required");
            }
            String value = tag.string("Value");
            if (value.length() > MAX_VALUE) {
                throw tag.invalid("Value", value.length() + " characters (expected: at most " + MAX_VALUE + ")");
            }
            byKey.put(key, value);
        }
        return byKey;
    }

    /** The request's {@code TagKeys}: 0-200 keys, each checked as a tag's key. */
    static List<String> keys(Params request) {
        List<String> keys = request.strings("TagKeys", 0, MAX_PER_REQUEST);
        for (int i = 0; i < keys.size(); i++) {
            key(request, "TagKeys[" + i + "]", keys.get(i));
        }
        return keys;
    }

    /**
     * {@code tags} if a resource may have that many; TooManyTagsException otherwise.
     *
     * @param resource the resource's ARN, or its name while it is being created
     */
    static Map<String, String> withinLimit(String resource, Map<String, String> tags) {
        if (tags.size() > MAX_TAGS_PER_RESOURCE) {
            throw new ApiException(
                    "TooManyTagsException",
                    "Resource '" + resource + "' would have " + tags.size() + " tags (expected: at most "
                            + MAX_TAGS_PER_RESOURCE + ").");
        }
        return tags;
    }

    private static String key(Params params, String field, String key) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw params.invalid(field, "'" + key + "' (expected: 1-" + MAX_KEY + " characters)");
        }
        if (key.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
            throw params.invalid(field, "'" + key + "' (expected: a key not starting with 'aws:', which AWS reserves)");
        }
        return key;
    }
}
