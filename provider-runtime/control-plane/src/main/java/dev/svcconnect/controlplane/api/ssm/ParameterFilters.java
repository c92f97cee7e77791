package dev.svcconnect.controlplane.api.ssm;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The {@code ParameterFilters} of {@code DescribeParameters} served here: {@code Name} ({@code
 * Equals}, {@code BeginsWith}, {@code Contains}), {@code Type} ({@code Equals}, {@code BeginsWith})
 * and {@code Path} ({@code OneLevel}, {@code Recursive}); a parameter matches when each filter
 * matches one of its values.
 */
record ParameterFilters(List<Filter> filters) {

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "Name", Set.of("Equals", "BeginsWith", "Contains"),
            "Type", Set.of("Equals", "BeginsWith"),
            "Path", Set.of("OneLevel", "Recursive"));
    private static final int MAX_VALUES = 50;

    /** One filter: its key, option and values. */
    record Filter(String key, String option, List<String> values) {

        boolean matches(Parameter parameter) {
            return switch (key) {
                case "Name" -> values.stream().anyMatch(v -> test(option).test(parameter.name(), v));
                case "Type" -> values.stream().anyMatch(v -> test(option).test(parameter.type(), v));
                default -> values.stream().anyMatch(path -> underPath(parameter.name(), path));
            };
        }

        private boolean underPath(String name, String path) {
            String prefix = path.endsWith("/") ? path : path + "/";
            if (!name.startsWith(prefix)) {
                return false;
            }
            return option.equals("Recursive") || name.indexOf('/', prefix.length()) < 0;
        }

        private static BiPredicate<String, String> test(String option) {
            return switch (option) {
                case "BeginsWith" -> String::startsWith;
                case "Contains" -> String::contains;
                default -> String::equals;
            };
        }
    }

    static ParameterFilters of(Params request) {
        List<Filter> filters = new ArrayList<>();
        for (Params filter : request.objects("ParameterFilters")) {
            String key = filter.requiredString("Key");
            Set<String> options = OPTIONS.get(key);
            if (options == null) {
                throw new ApiException(
                        "InvalidFilterKey",
                        filter.path("Key") + ": '" + key + "' (expected: Name, Type or Path; no other filter is "
                                + "served here)");
            }
            String option = filter.string("Option");
            if (option == null) {
                option = key.equals("Path") ? "OneLevel" : "Equals";
            }
            if (!options.contains(option)) {
                throw new ApiException(
                        "InvalidFilterOption",
                        filter.path("Option") + ": '" + option + "' (expected for " + key + ": "
                                + String.join(", ", options.stream().sorted().toList()) + ")");
            }
            List<String> values = filter.strings("Values");
            if (values.isEmpty() || values.size() > MAX_VALUES) {
                throw new ApiException(
                        "InvalidFilterValue",
                        filter.path("Values") + ": " + values.size() + " values (expected: 1-" + MAX_VALUES + ")");
            }
            filters.add(new Filter(key, option, List.copyOf(values)));
        }
        return new ParameterFilters(List.copyOf(filters));
    }

    boolean matches(Parameter parameter) {
        return filters.stream().allMatch(filter -> filter.matches(parameter));
    }
}
