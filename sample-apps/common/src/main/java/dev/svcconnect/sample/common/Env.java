package dev.svcconnect.sample.common;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a service's settings from environment variables.
 *
 * <p>Every getter either returns a valid value or throws {@link BadSettingException} with a
 * message that names the variable, the value received and what is allowed, for example
 * {@code APP_PORT: 70000 (expected: 0-65535)}.
 *
 * <pre>{@code
 * Env env = Env.system();
 * int port = env.port("APP_PORT", 8080);
 * }</pre>
 */
public final class Env {

    private final Map<String, String> variables;

    private Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The environment of this process. */
    public static Env system() {
        return new Env(System.getenv());
    }

    /** The given variables, as if they were the environment (for tests and embedding). */
    public static Env of(Map<String, String> variables) {
        return new Env(requireNonNull(variables, "variables"));
    }

    /** The value of {@code name}, if set and not blank. */
    public Optional<String> optional(String name) {
        String value = variables.get(requireNonNull(name, "name"));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The value of {@code name}, or {@code defaultValue} when it is unset or blank. */
    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    /** The value of {@code name} as is (blank allowed), or {@code defaultValue} when unset. */
    public String raw(String name, String defaultValue) {
        return variables.getOrDefault(requireNonNull(name, "name"), defaultValue);
    }

    /** A TCP port (0 asks the system for a free one). */
    public int port(String name, int defaultValue) {
        return integer(name, defaultValue, 0, 65_535);
    }

    /** An integer between {@code min} and {@code max}, inclusive. */
    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw bad(name, value.get(), "an integer " + min + "-" + max);
        }
        if (parsed < min || parsed > max) {
            throw bad(name, value.get(), min + "-" + max);
        }
        return parsed;
    }

    /** A duration in milliseconds, at least 1. */
    public Duration millis(String name, Duration defaultValue) {
        if (optional(name).isEmpty()) {
            return defaultValue;
        }
        return Duration.ofMillis(integer(name, 0, 1, Integer.MAX_VALUE));
    }

    /** A host name or IP address literal (no scheme, port or path). */
    public String host(String name, String defaultValue) {
        String value = string(name, defaultValue);
        if (!isHost(value)) {
            throw bad(name, value, "a host name or an IP address");
        }
        return value;
    }

    /**
     * A host and port from a URL such as {@code grpc://appserver:8080} (the scheme must be one
     * of {@code schemes}; no path).
     */
    public HostAndPort address(String name, String defaultValue, String... schemes) {
        String value = string(name, defaultValue);
        String expected = "a URL like " + schemes[0] + "://host:port";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw bad(name, value, expected);
        }
        boolean schemeAllowed = false;
        for (String scheme : schemes) {
            schemeAllowed |= scheme.equalsIgnoreCase(uri.getScheme());
        }
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath());
        if (!schemeAllowed
                || uri.getHost() == null
                || uri.getPort() < 1
                || !pathless
                || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw bad(name, value, expected);
        }
        return new HostAndPort(uri.getHost(), uri.getPort());
    }

    private static boolean isHost(String value) {
        if (value.startsWith("[") && value.endsWith("]")) {
            return value.length() > 2 && value.substring(1, value.length() - 1).matches("[0-9A-Fa-f:.]+");
        }
        return value.matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?") || value.matches("[0-9A-Fa-f:.]+");
    }

    private static BadSettingException bad(String name, String value, String expected) {
        return new BadSettingException(name + ": " + value + " (expected: " + expected + ")");
    }

    /** A host and a port. */
    public record HostAndPort(String host, int port) {
        /** Checks both parts. */
        public HostAndPort {
            requireNonNull(host, "host");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
            }
        }
    }
}
