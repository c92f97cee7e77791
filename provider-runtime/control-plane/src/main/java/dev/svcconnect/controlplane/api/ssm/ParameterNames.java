package dev.svcconnect.controlplane.api.ssm;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ResourceNames;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules of SSM parameter names and their ARNs: {@code a-zA-Z0-9_.-}, with {@code /} between
 * the levels of a hierarchy ({@code /prod/db/password}: a leading slash, at most 15 levels), no
 * {@code aws} or {@code ssm} prefix, at most 1011 characters; the ARN of {@code /prod/db} is
 * {@code arn:aws:ssm:REGION:ACCOUNT:parameter/prod/db}.
 */
final class ParameterNames {

    /** The longest name: 2048 for the ARN minus the longest ARN prefix. */
    static final int MAX_LENGTH = 1011;

    static final int MAX_LEVELS = 15;

    private static final Pattern LEVEL = Pattern.compile("[a-zA-Z0-9_.\\-]+");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.\\-/]+");

    private final ResourceNames names;

    ParameterNames(ResourceNames names) {
        this.names = names;
    }

    /**
     * A name that {@code PutParameter} may create (leading and trailing spaces removed, as SSM does).
     *
     * @throws ApiException {@code ValidationException} naming the rule, or {@code
     *     HierarchyLevelLimitExceededException} beyond 15 levels
     */
    static String checkNew(String field, String raw) {
        String name = raw.strip();
        if (name.isEmpty()) {
            throw invalid(field, "is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid(field, name.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        if (name.startsWith("arn:")) {
            throw invalid(field, "'" + name + "' is an ARN (expected: the parameter's name, e.g. /prod/db-password)");
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid(
                    field,
                    "'" + name + "' (expected: only a-z, A-Z, 0-9, '_', '.', '-', and '/' between the levels of a "
                            + "hierarchy; no spaces)");
        }
        String unslashed = name.startsWith("/") ? name.substring(1) : name;
        String lower = unslashed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("ssm")) {
            throw invalid(field, "'" + name + "' (a parameter name can't begin with 'aws' or 'ssm', in any case)");
        }
        if (name.contains("/")) {
            if (!name.startsWith("/")) {
                throw invalid(
                        field,
                        "'" + name + "' (a name with levels is fully qualified: it starts with '/', e.g. /" + name
                                + ")");
            }
            String[] levels = unslashed.split("/", -1);
            for (String level : levels) {
                if (!LEVEL.matcher(level).matches()) {
                    throw invalid(field, "'" + name + "' (expected: no empty level, no '//' and no trailing '/')");
                }
            }
            if (levels.length > MAX_LEVELS) {
                throw new ApiException(
                        "HierarchyLevelLimitExceededException",
                        field + ": '" + name + "' has " + levels.length + " levels (a hierarchy can have at most "
                                + MAX_LEVELS + ").");
            }
        }
        return name;
    }

    /** The ARN of a parameter. */
    String arn(String name) {
        return names.arn("ssm", "parameter" + (name.startsWith("/") ? "" : "/") + name);
    }

    /**
     * The names a reference may mean, as {@code GetParameter} and a container's {@code valueFrom}
     * take it: the name itself, or the ARN of a parameter of this account and Region (whose {@code
     * parameter/db} is {@code db} or {@code /db}: both have that ARN). Empty for an ARN of another
     * account, Region or service.
     */
    List<String> namesOf(String reference) {
        String trimmed = reference.strip();
        if (!trimmed.startsWith("arn:")) {
            return List.of(trimmed);
        }
        String prefix = names.arn("ssm", "parameter/");
        if (!trimmed.startsWith(prefix) || trimmed.length() == prefix.length()) {
            return List.of();
        }
        String rest = trimmed.substring(prefix.length());
        return rest.contains("/") ? List.of("/" + rest) : List.of(rest, "/" + rest);
    }

    private static ApiException invalid(String field, String problem) {
        return new ApiException(SsmApi.VALIDATION, field + ": " + problem);
    }
}
