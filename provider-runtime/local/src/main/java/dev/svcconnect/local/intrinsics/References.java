package dev.svcconnect.local.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a template value refers to through {@code Ref}, {@code Fn::GetAtt} and
 * {@code Fn::Sub}: the implicit dependencies of a resource, once filtered to the template's
 * resources.
 */
public final class References {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}.]*)(\\.[^}]*)?}");

    private References() {}

    /** Every name {@code value} refers to, in the order found (parameters and pseudo parameters too). */
    public static Set<String> in(JsonNode value) {
        Set<String> names = new LinkedHashSet<>();
        collect(value, names);
        return names;
    }

    private static void collect(JsonNode value, Set<String> names) {
        if (value == null) {
            return;
        }
        if (value.isArray()) {
            value.forEach(v -> collect(v, names));
            return;
        }
        if (!value.isObject()) {
            return;
        }
        if (value.size() == 1) {
            Map.Entry<String, JsonNode> only = value.fields().next();
            switch (only.getKey()) {
                case "Ref":
                    names.add(only.getValue().asText());
                    return;
                case "Fn::GetAtt":
                    names.add(
                            only.getValue().isArray()
                                    ? only.getValue().path(0).asText()
                                    : only.getValue().asText().split("\\.", 2)[0]);
                    return;
                case "Fn::Sub":
                    JsonNode template =
                            only.getValue().isArray() ? only.getValue().path(0) : only.getValue();
                    Set<String> local = new LinkedHashSet<>();
                    if (only.getValue().isArray()) {
                        only.getValue().path(1).fieldNames().forEachRemaining(local::add);
                        collect(only.getValue().path(1), names);
                    }
                    Matcher matcher = SUB_VARIABLE.matcher(template.asText());
                    while (matcher.find()) {
                        if (!local.contains(matcher.group(1).trim())) {
                            names.add(matcher.group(1).trim());
                        }
                    }
                    return;
                default:
                    break;
            }
        }
        value.forEach(v -> collect(v, names));
    }
}
