package dev.svcconnect.model.validation;

import dev.svcconnect.model.identity.WorkloadIdentity;
import java.util.regex.Pattern;

/**
 * The naming, port and timeout rules of ECS Service Connect, each a check that returns its value
 * or throws an {@link IllegalArgumentException} naming the field, the value and what is allowed:
 * {@code port: 70000 (expected: 1-65535)}.
 *
 * <p>The rules are those of the ECS API reference: port mapping names and discovery names are at
 * most 64 of {@code [a-z0-9_-]} and do not start with {@code -}; a client alias DNS name is at
 * most 127 of {@code [a-z0-9_.-]} and does not start with {@code -}; ports are 1-65535;
 * timeouts are 0-2147483647 seconds, 0 disabling them.
 */
public final class ServiceConnectRules {

    /** The longest port mapping name or discovery name. */
    public static final int MAX_NAME_LENGTH = 64;
    /** The longest client alias DNS name. */
    public static final int MAX_DNS_NAME_LENGTH = 127;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]*");
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9_.][a-z0-9_.-]*");
    /** Compiled once: every listener's bind and endpoints are checked, thousands per watch refresh. */
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private static final Pattern CLUSTER =
            Pattern.compile("(arn:aws:ecs:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:cluster/)?[A-Za-z0-9_-]{1,255}");

    private ServiceConnectRules() {}

    /** A port mapping name: at most 64 of {@code [a-z0-9_-]}, not starting with {@code -}. */
    /**
     * Whether {@code value} names an ECS cluster as the data plane may: by name (1-255 letters,
     * digits, '-' and '_'; a cluster of the control plane's configured region) or by cluster ARN,
     * which names its region.
     */
    public static boolean isClusterReference(String value) {
        return value != null && CLUSTER.matcher(value).matches();
    }

    public static String requirePortName(String value, String field) {
        return requireName(value, field);
    }

    /** A discovery name: at most 64 of {@code [a-z0-9_-]}, not starting with {@code -}. */
    public static String requireDiscoveryName(String value, String field) {
        return requireName(value, field);
    }

    /** A client alias DNS name: at most 127 of {@code [a-z0-9_.-]}, not starting with {@code -}. */
    public static String requireDnsName(String value, String field) {
        requireNonEmpty(value, field);
        if (value.length() > MAX_DNS_NAME_LENGTH || !DNS_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: at most " + MAX_DNS_NAME_LENGTH
                    + " of a-z, 0-9, '_', '.' and '-', not starting with '-')");
        }
        return value;
    }

    /** A TCP port that something listens on or connects to: 1-65535. */
    public static int requirePort(int value, String field) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 1-65535)");
        }
        return value;
    }

    /** A Service Connect timeout in seconds: 0 (disabled) to 2147483647. */
    public static int requireTimeout(Integer value, String field) {
        if (value == null || value < 0) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0-2147483647, 0 disables)");
        }
        return value;
    }

    /** An address {@code HOST:PORT} (an IPv6 host in brackets), with a port of 1-65535. */
    public static String requireHostPort(String value, String field) {
        requireNonEmpty(value, field);
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon) : "";
        String port = colon > 0 ? value.substring(colon + 1) : "";
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (host.isEmpty()
                || (host.contains(":") && !bracketed)
                || !PORT.matcher(port).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: HOST:PORT)");
        }
        requirePort(Integer.parseInt(port), field + " port");
        return value;
    }

    /**
     * A host: a name or an IP address, an IPv6 one in brackets; what {@code HOST:PORT} puts before
     * the port.
     */
    public static String requireHost(String value, String field) {
        boolean bracketed = value != null && value.startsWith("[") && value.endsWith("]");
        if (value == null || value.isEmpty() || (value.contains(":") && !bracketed)) {
            throw new IllegalArgumentException(
                    field + ": '" + value + "' (expected: a host name or an IP address, an IPv6 one in brackets)");
        }
        return value;
    }

    /** A SPIFFE trust domain: 1 to 255 of lower-case letters, digits, '.', '-' and '_'. */
    public static String requireTrustDomain(String value, String field) {
        requireNonEmpty(value, field);
        try {
            if (!WorkloadIdentity.trustDomain(value).equals(value)) {
                throw new IllegalArgumentException("upper case");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ": '" + value
                            + "' (expected: 1 to 255 of lower-case letters, digits, '.', '-' and '_', such as svc-connect.local)");
        }
        return value;
    }

    /** A workload SPIFFE ID, {@code spiffe://TRUST_DOMAIN/ns/NAMESPACE/svc/SERVICE}. */
    public static String requireSpiffeId(String value, String field) {
        requireNonEmpty(value, field);
        try {
            WorkloadIdentity.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: a SPIFFE ID such as"
                    + " spiffe://svc-connect.local/ns/NAMESPACE/svc/SERVICE; " + e.getMessage() + ")");
        }
        return value;
    }

    /**
     * A listener's server identity: required by an outbound listener with mutual TLS (the identity
     * its endpoints must prove), refused anywhere else.
     */
    public static void requireServerIdentity(boolean outbound, boolean mutualTls, String serverIdentity, String field) {
        if (serverIdentity == null) {
            if (outbound && mutualTls) {
                throw new IllegalArgumentException(field + ": is required for an outbound listener with mutualTls"
                        + " (expected: the SPIFFE ID of the discovery name it reaches)");
            }
            return;
        }
        if (!outbound || !mutualTls) {
            throw new IllegalArgumentException(
                    field + ": '" + serverIdentity + "' applies only to an outbound listener with mutualTls: true");
        }
        requireSpiffeId(serverIdentity, field);
    }

    /**
     * A listener with mutual TLS needs the configuration's trust domain, and its server identity
     * belongs to that trust domain.
     */
    public static void requireMeshTrustDomain(
            boolean mutualTls, String serverIdentity, String trustDomain, String prefix) {
        if (!mutualTls) {
            return;
        }
        if (trustDomain == null) {
            throw new IllegalArgumentException(prefix + "mutualTls: true needs the configuration's trustDomain");
        }
        if (serverIdentity != null) {
            String domain = WorkloadIdentity.parse(serverIdentity).trustDomain();
            if (!domain.equals(trustDomain)) {
                throw new IllegalArgumentException(prefix + "serverIdentity: '" + serverIdentity
                        + "' is of trust domain '" + domain + "' (expected: '" + trustDomain + "')");
            }
        }
    }

    /** Any required string. */
    public static String requireNonEmpty(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    private static String requireName(String value, String field) {
        requireNonEmpty(value, field);
        if (value.length() > MAX_NAME_LENGTH || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: at most " + MAX_NAME_LENGTH
                    + " of a-z, 0-9, '_' and '-', not starting with '-')");
        }
        return value;
    }
}
