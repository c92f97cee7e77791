package dev.svcconnect.packaging.debian;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A systemd unit file: {@code [Section]} headers and {@code Key=Value} lines (comments and blank
 * lines ignored; a key given twice keeps both values, in order).
 */
record SystemdUnit(Map<String, List<String>> settings) {

    static SystemdUnit parse(String text) {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        String section = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("not a Key=Value line in [" + section + "]: " + line);
            }
            settings.computeIfAbsent(section + "." + line.substring(0, equals).strip(), k -> new ArrayList<>())
                    .add(line.substring(equals + 1).strip());
        }
        return new SystemdUnit(Map.copyOf(settings));
    }

    /** The last value of {@code key} in {@code section}, as systemd takes it for a single-valued key. */
    Optional<String> value(String section, String key) {
        List<String> values = settings.getOrDefault(section + "." + key, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** The value of {@code key}, failing when the unit has none. */
    String require(String section, String key) {
        return value(section, key)
                .orElseThrow(() -> new AssertionError("the unit has no " + key + "= in [" + section + "]"));
    }
}
