package dev.svcconnect.controlplane.api.cloudmap;

import dev.svcconnect.controlplane.api.Params;
import java.util.List;
import java.util.Set;

/**
 * The {@code Filters} of {@code ListNamespaces}, {@code ListServices} and {@code ListOperations}:
 * a name, values and a condition (EQ when absent), each name with the conditions Cloud Map allows
 * for it.
 */
final class ListFilters {

    /** The conditions of a filter that holds one value or a list of them. */
    static final Set<String> EQ_OR_IN = Set.of("EQ", "IN");
    /** The conditions of a name filter. */
    static final Set<String> EQ_OR_BEGINS_WITH = Set.of("EQ", "BEGINS_WITH");
    /** The condition of an id filter. */
    static final Set<String> EQ = Set.of("EQ");

    private static final int MAX_VALUE = 255;

    private ListFilters() {}

    /** The filter's {@code Name}, which must be one of {@code names}. */
    static String name(Params filter, List<String> names) {
        String name = filter.requiredString("Name");
        if (!names.contains(name)) {
            throw filter.invalid("Name", "'" + name + "' (expected one of: " + String.join(", ", names) + ")");
        }
        return name;
    }

    /**
     * The filter's {@code Condition} (EQ when absent), which must be one of {@code allowed}; BETWEEN
     * is only named here, {@link OperationFilters} applies it.
     */
    static String condition(Params filter, Set<String> allowed) {
        String condition = filter.string("Condition") == null ? "EQ" : filter.string("Condition");
        if (!allowed.contains(condition)) {
            throw filter.invalid(
                    "Condition",
                    "'" + condition + "' for " + filter.string("Name") + " (expected one of: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
        return condition;
    }

    /** The filter's {@code Values}: at least one, each 1-255 characters, exactly one for EQ. */
    static List<String> values(Params filter, String condition) {
        List<String> values = filter.strings("Values");
        if (values.isEmpty()) {
            throw filter.invalid("Values", "is required");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty() || values.get(i).length() > MAX_VALUE) {
                throw filter.invalid("Values[" + i + "]", "'" + values.get(i) + "' (expected: 1-255 characters)");
            }
        }
        if (condition.equals("EQ") && values.size() > 1) {
            throw filter.invalid("Values", values.size() + " values (expected: exactly one with condition EQ)");
        }
        return values;
    }

    /**
     * Whether {@code value} passes {@code filter}, whose condition must be one of {@code allowed}
     * (EQ, IN or BEGINS_WITH).
     */
    static boolean matches(Params filter, Set<String> allowed, String value) {
        String condition = condition(filter, allowed);
        List<String> values = values(filter, condition);
        return switch (condition) {
            case "IN" -> values.contains(value);
            case "BEGINS_WITH" -> value.startsWith(values.get(0));
            default -> values.get(0).equals(value);
        };
    }

    /** Whether a resource of this account passes a {@code RESOURCE_OWNER} filter (SELF or OTHER_ACCOUNTS). */
    static boolean ownedBySelf(Params filter) {
        String condition = condition(filter, EQ);
        String owner = values(filter, condition).get(0);
        if (!owner.equals("SELF") && !owner.equals("OTHER_ACCOUNTS")) {
            throw filter.invalid("Values[0]", "'" + owner + "' (expected one of: SELF, OTHER_ACCOUNTS)");
        }
        return owner.equals("SELF");
    }
}
