package dev.svcconnect.constructs.internal;

import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;

/**
 * The checks the constructs run on their props at construction, each throwing an
 * {@link IllegalArgumentException} that names the field, the value and what is allowed. Values
 * that are tokens (resolved at deploy time, such as {@code param.getValueAsNumber()}) are not
 * checked and are returned as given, so that they reach the template as references. The Service
 * Connect names, ports and timeouts follow {@link ServiceConnectRules}.
 */
public final class Validation {

    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[!-~&&[^<>\"/]]{1,1024}");

    private Validation() {}

    /** A cluster, service, family or container name: 1-255 of {@code [A-Za-z0-9_-]}. */
    public static String resourceName(String value, String field) {
        if (!Token.isUnresolved(value)
                && (value == null || !RESOURCE_NAME.matcher(value).matches())) {
            throw new IllegalArgumentException(
                    field + ": " + quoted(value) + " (expected: 1-255 of A-Z, a-z, 0-9, '_' and '-')");
        }
        return value;
    }

    /** A namespace name: 1-1024 printable characters, without spaces, '<', '>', '"' or '/'. */
    public static String namespaceName(String value, String field) {
        if (!Token.isUnresolved(value)
                && (value == null || !NAMESPACE_NAME.matcher(value).matches())) {
            throw new IllegalArgumentException(field + ": " + quoted(value)
                    + " (expected: 1-1024 printable characters without spaces, '<', '>', '\"' or '/')");
        }
        return value;
    }

    /** A namespace's name, or its ARN ({@code arn:...}). */
    public static String namespaceNameOrArn(String value, String field) {
        return value != null && value.startsWith("arn:") ? value : namespaceName(value, field);
    }

    /** A port mapping name. */
    public static String portName(String value, String field) {
        return Token.isUnresolved(value) ? value : ServiceConnectRules.requirePortName(value, field);
    }

    /** A discovery name. */
    public static String discoveryName(String value, String field) {
        return Token.isUnresolved(value) ? value : ServiceConnectRules.requireDiscoveryName(value, field);
    }

    /** A client alias DNS name. */
    public static String dnsName(String value, String field) {
        return Token.isUnresolved(value) ? value : ServiceConnectRules.requireDnsName(value, field);
    }

    /** A port, 1-65535, or a token. */
    public static Number port(Number value, String field) {
        return isToken(value) ? value : ServiceConnectRules.requirePort(whole(value, field), field);
    }

    /** A whole number of at least {@code min}, or a token. */
    public static Number atLeast(Number value, int min, String field) {
        if (isToken(value)) {
            return value;
        }
        int number = whole(value, field);
        if (number < min) {
            throw new IllegalArgumentException(field + ": " + number + " (expected: " + min + " or more)");
        }
        return number;
    }

    /** A whole number from {@code min} to {@code max}, or a token. */
    public static Number between(Number value, int min, int max, String field) {
        if (isToken(value)) {
            return value;
        }
        int number = whole(value, field);
        if (number < min || number > max) {
            throw new IllegalArgumentException(field + ": " + number + " (expected: " + min + "-" + max + ")");
        }
        return number;
    }

    /**
     * A duration of whole seconds from {@code min} to {@code max}, or a token made with
     * {@code Duration.seconds(token)}.
     *
     * @return the seconds, {@code null} when {@code value} is
     */
    public static Number secondsBetween(Duration value, int min, int max, String field) {
        if (value == null || value.isUnresolved()) {
            return tokenSeconds(value, field);
        }
        return between(wholeSeconds(value, field), min, max, field + " seconds");
    }

    /**
     * A Service Connect timeout in whole seconds: 0 disables it, otherwise at least 1 second; or a
     * token made with {@code Duration.seconds(token)}.
     *
     * @return the seconds
     */
    public static Number timeoutSeconds(Duration value, String field) {
        if (value.isUnresolved()) {
            return tokenSeconds(value, field);
        }
        long millis = value.toMilliseconds().longValue();
        if (millis > 0 && millis < 1000) {
            throw new IllegalArgumentException(
                    field + " must be at least 1 second or 0 to disable it, got " + millis + "ms.");
        }
        int seconds = wholeSeconds(value, field);
        return ServiceConnectRules.requireTimeout(seconds, field);
    }

    /** Whether {@code value} is a token: a number known only at deploy time. */
    public static boolean isToken(Number value) {
        return value != null && Token.isUnresolved(value);
    }

    private static Number tokenSeconds(Duration value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return value.toSeconds();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    field + ": " + value + " is a token in another unit (expected: Duration.seconds(token))", e);
        }
    }

    private static int wholeSeconds(Duration value, String field) {
        long millis = value.toMilliseconds().longValue();
        if (millis % 1000 != 0 || millis / 1000 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + ": " + millis + "ms (expected: whole seconds)");
        }
        return (int) (millis / 1000);
    }

    private static int whole(Number value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        double number = value.doubleValue();
        if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: a whole number)");
        }
        return (int) number;
    }

    private static String quoted(String value) {
        return value == null ? "is required" : "'" + value + "'";
    }
}
