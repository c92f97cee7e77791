package dev.svcconnect.controlplane.api.cloudmap;

import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.CloudMapOperation;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code Filters} of {@code ListOperations} as one predicate: NAMESPACE_ID and SERVICE_ID (EQ),
 * STATUS and TYPE (EQ or IN, values checked), UPDATE_DATE (BETWEEN a start and an end in epoch
 * seconds, both included). An operation passes when it passes every filter.
 */
final class OperationFilters {

    private static final List<String> NAMES = List.of("NAMESPACE_ID", "SERVICE_ID", "STATUS", "TYPE", "UPDATE_DATE");
    private static final List<String> STATUSES = List.of("SUBMITTED", "PENDING", "SUCCESS", "FAIL");
    private static final List<String> TYPES =
            Arrays.stream(CloudMapOperation.Type.values()).map(Enum::name).toList();

    private OperationFilters() {}

    /** The predicate of {@code filters}; InvalidInput for a filter Cloud Map would refuse. */
    static Predicate<CloudMapOperation> of(List<Params> filters) {
        Predicate<CloudMapOperation> all = operation -> true;
        for (Params filter : filters) {
            all = all.and(one(filter));
        }
        return all;
    }

    private static Predicate<CloudMapOperation> one(Params filter) {
        return switch (ListFilters.name(filter, NAMES)) {
            case "NAMESPACE_ID" -> equalTo(filter, CloudMapOperation::namespaceId);
            case "SERVICE_ID" -> equalTo(filter, operation -> operation.target("SERVICE"));
            case "STATUS" -> oneOf(filter, STATUSES, CloudMapOperation::status);
            case "TYPE" -> oneOf(filter, TYPES, CloudMapOperation::type);
            default -> updatedBetween(filter);
        };
    }

    private static Predicate<CloudMapOperation> equalTo(Params filter, Function<CloudMapOperation, String> field) {
        String id = ListFilters.values(filter, ListFilters.condition(filter, ListFilters.EQ))
                .get(0);
        return operation -> id.equals(field.apply(operation));
    }

    private static Predicate<CloudMapOperation> oneOf(
            Params filter, List<String> allowed, Function<CloudMapOperation, String> field) {
        List<String> values = ListFilters.values(filter, ListFilters.condition(filter, ListFilters.EQ_OR_IN));
        for (int i = 0; i < values.size(); i++) {
            if (!allowed.contains(values.get(i))) {
                throw filter.invalid(
                        "Values[" + i + "]",
                        "'" + values.get(i) + "' (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
        return operation -> values.contains(field.apply(operation));
    }

    private static Predicate<CloudMapOperation> updatedBetween(Params filter) {
        List<String> values = ListFilters.values(filter, ListFilters.condition(filter, Set.of("BETWEEN")));
        if (values.size() != 2) {
            throw filter.invalid(
                    "Values", values.size() + " values (expected: a start and an end date in epoch seconds)");
        }
        double start = epochSeconds(filter, values, 0);
        double end = epochSeconds(filter, values, 1);
        return operation -> operation.updateDate() >= start && operation.updateDate() <= end;
    }

    private static double epochSeconds(Params filter, List<String> values, int index) {
        try {
            return Double.parseDouble(values.get(index));
        } catch (NumberFormatException e) {
            throw filter.invalid(
                    "Values[" + index + "]", "'" + values.get(index) + "' (expected: a date in epoch seconds)");
        }
    }
}
