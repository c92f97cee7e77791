package dev.svcconnect.controlplane.api.cloudmap;

import dev.svcconnect.controlplane.api.Params;
import java.util.List;

/**
 * The {@code Filters} of {@code ListNamespaces} and {@code ListServices}: a name, values and a
 * condition (EQ when absent, IN or BEGINS_WITH).
 */
final class ListFilters {

    private ListFilters() {}

    /**
     * Whether {@code value} passes {@code filter}; InvalidInput for a filter without values or with
     * an unknown condition.
     */
    static boolean matches(Params filter, String value) {
        List<String> values = filter.strings("Values");
        if (values.isEmpty()) {
            throw filter.invalid("Values", "is required");
        }
        String condition = filter.string("Condition") == null ? "EQ" : filter.string("Condition");
        return switch (condition) {
            case "EQ" -> values.get(0).equals(value);
            case "IN" -> values.contains(value);
            case "BEGINS_WITH" -> value.startsWith(values.get(0));
            default -> throw filter.invalid("Condition", "'" + condition + "' (expected one of: EQ, IN, BEGINS_WITH)");
        };
    }
}
