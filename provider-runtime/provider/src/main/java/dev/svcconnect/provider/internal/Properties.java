package dev.svcconnect.provider.internal;

import dev.svcconnect.provider.ProviderException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed, read-only access to a custom resource's properties. CloudFormation sends every scalar as
 * a string ({@code "2"}, {@code "true"}); the local engine may send numbers and booleans; both are
 * accepted. Every error names the resource, the property path and the value received:
 * {@code Custom::SvcConnectService 'Web': DesiredCount: 'two' (expected: an integer)}.
 */
public final class Properties {

    private final String resource;
    private final String path;
    private final Map<String, Object> values;

    private Properties(String resource, String path, Map<String, Object> values) {
        this.resource = resource;
        this.path = path;
        this.values = values;
    }

    /**
     * The properties in {@code value} (a map, or {@code null} for none) of {@code resource}, found
     * under {@code field} of the event.
     */
    public static Properties of(String resource, Object value, String field) {
        Objects.requireNonNull(resource, "resource");
        if (value == null) {
            return new Properties(resource, "", Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ProviderException(resource + ": " + field + ": expected an object, got " + describe(value));
        }
        return new Properties(resource, "", copy(map));
    }

    /** Whether {@code name} is present and not null. */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** Whether no property is present. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The string {@code name}, failing when it is absent or empty. */
    public String requiredString(String name) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            throw error(name, "is required");
        }
        return value;
    }

    /** The string {@code name}, or {@code null}. */
    public String string(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw error(name, describe(value) + " (expected: a string)");
        }
        return String.valueOf(value);
    }

    /** The integer {@code name}, or {@code null}. */
    public Integer integer(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long number = ((Number) value).longValue();
            if (number == (int) number) {
                return (int) number;
            }
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
            return d.intValue();
        }
        if (value instanceof String s && s.matches("-?[0-9]{1,10}")) {
            long number = Long.parseLong(s);
            if (number == (int) number) {
                return (int) number;
            }
        }
        throw error(name, describe(value) + " (expected: an integer)");
    }

    /** The boolean {@code name}, or {@code null}. */
    public Boolean bool(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value);
        }
        throw error(name, describe(value) + " (expected: true or false)");
    }

    /** The object {@code name}, empty when absent. */
    public Properties object(String name) {
        Object value = values.get(name);
        if (value == null) {
            return new Properties(resource, child(name), Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw error(name, describe(value) + " (expected: an object)");
        }
        return new Properties(resource, child(name), copy(map));
    }

    /** The list of objects {@code name}, empty when absent. */
    public List<Properties> objects(String name) {
        List<?> list = list(name);
        List<Properties> objects = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String itemPath = child(name) + "[" + i + "]";
            if (!(item instanceof Map<?, ?> map)) {
                throw new ProviderException(
                        resource + ": " + itemPath + ": " + describe(item) + " (expected: an object)");
            }
            objects.add(new Properties(resource, itemPath, copy(map)));
        }
        return objects;
    }

    /** The list of strings {@code name}, or {@code null} when absent. */
    public List<String> strings(String name) {
        if (!has(name)) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list(name)) {
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                throw error(name, describe(item) + " in the list (expected: strings)");
            }
            strings.add(String.valueOf(item));
        }
        return strings;
    }

    /** The string-to-string object {@code name}, or {@code null} when absent. */
    public Map<String, String> stringMap(String name) {
        if (!has(name)) {
            return null;
        }
        Properties object = object(name);
        Map<String, String> map = new LinkedHashMap<>();
        object.values.keySet().forEach(key -> map.put(key, object.string(key)));
        return map;
    }

    /** A failure of property {@code name}: {@code RESOURCE: PATH.NAME: PROBLEM}. */
    public ProviderException error(String name, String problem) {
        return new ProviderException(resource + ": " + child(name) + ": " + problem);
    }

    /** The values, for comparing two versions of the properties. */
    public Map<String, Object> asMap() {
        return values;
    }

    private List<?> list(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw error(name, describe(value) + " (expected: a list)");
        }
        return list;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return Collections.unmodifiableMap(copy);
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
