package dev.svcconnect.constructs.internal;

import java.util.LinkedHashMap;
import java.util.Map;

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
}
