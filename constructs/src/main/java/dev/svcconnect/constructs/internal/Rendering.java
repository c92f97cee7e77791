package dev.svcconnect.constructs.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.TagManager;

/** Template objects whose keys keep the order they are given in, so templates read the same every synth. */
public final class Rendering {

    private Rendering() {}

    /** An object of alternating keys and values, in that order; {@code null} values are left out. */
    public static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keysAndValues: " + keysAndValues.length + " items (expected: pairs)");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                object.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return object;
    }

    /**
     * The tags of {@code tags} in ECS's shape, {@code [{Key, Value}]} sorted by key, or {@code null}
     * when there are none. (A {@code TagManager} renders {@code [{key, value}]}: the generated L1
     * classes capitalize the keys, a custom resource has to do it itself.)
     */
    public static Object tags(TagManager tags) {
        if (!(tags.renderTags() instanceof List<?> rendered) || rendered.isEmpty()) {
            return null;
        }
        return rendered.stream()
                .map(tag -> (Map<?, ?>) tag)
                .map(tag -> object("Key", tag.get("key"), "Value", tag.get("value")))
                .toList();
    }
}
