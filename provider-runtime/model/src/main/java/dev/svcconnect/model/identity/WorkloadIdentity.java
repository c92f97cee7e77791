package dev.svcconnect.model.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity of a Service Connect service, written as the SPIFFE ID
 * {@code spiffe://TRUST_DOMAIN/ns/NAMESPACE/svc/SERVICE}: the trust domain of the control plane
 * that issued it, the Cloud Map namespace's name and the service's discovery name.
 *
 * <pre>{@code
 * WorkloadIdentity id = WorkloadIdentity.of("svc-connect.local", "svc-namespace", "appserver");
 * id.uri();                                   // spiffe://svc-connect.local/ns/svc-namespace/svc/appserver
 * WorkloadIdentity.parse(id.uri()).equals(id); // true
 * }</pre>
 *
 * @param trustDomain lower-case letters, digits, dots, dashes and underscores (SPIFFE's rule)
 * @param namespace the namespace's name, one path segment
 * @param service the service's discovery name, one path segment
 */
public record WorkloadIdentity(String trustDomain, String namespace, String service) {

    /** The URI scheme of every SPIFFE ID. */
    public static final String SCHEME = "spiffe";

    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    public WorkloadIdentity {
        require(trustDomain, TRUST_DOMAIN, "trust domain", "lower-case letters, digits, '.', '-' and '_'");
        require(namespace, SEGMENT, "namespace", "letters, digits, '.', '-' and '_'");
        require(service, SEGMENT, "service", "letters, digits, '.', '-' and '_'");
        if (namespace.equals(".") || namespace.equals("..") || service.equals(".") || service.equals("..")) {
            throw new IllegalArgumentException("a SPIFFE ID path segment cannot be '.' or '..'");
        }
    }

    /** The identity of {@code service} in {@code namespace} under {@code trustDomain}. */
    public static WorkloadIdentity of(String trustDomain, String namespace, String service) {
        return new WorkloadIdentity(trustDomain, namespace, service);
    }

    /**
     * Reads a SPIFFE ID of the form {@code spiffe://TRUST_DOMAIN/ns/NAMESPACE/svc/SERVICE}.
     *
     * @throws IllegalArgumentException naming what is wrong, for any other URI
     */
    public static WorkloadIdentity parse(String spiffeId) {
        if (spiffeId == null) {
            throw new IllegalArgumentException("no SPIFFE ID given");
        }
        URI uri;
        try {
            uri = new URI(spiffeId);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + spiffeId, e);
        }
        if (!SCHEME.equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a SPIFFE ID (the scheme must be spiffe): " + spiffeId);
        }
        if (uri.getRawUserInfo() != null
                || uri.getPort() != -1
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a SPIFFE ID has no user, port, query or fragment: " + spiffeId);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] parts = path.split("/", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("ns") || !parts[3].equals("svc")) {
            throw new IllegalArgumentException(
                    "a workload SPIFFE ID has the path /ns/NAMESPACE/svc/SERVICE: " + spiffeId);
        }
        return new WorkloadIdentity(uri.getHost() == null ? "" : uri.getHost(), parts[2], parts[4]);
    }

    /** The SPIFFE ID, the certificate's URI SAN. */
    public String uri() {
        return SCHEME + "://" + trustDomain + "/ns/" + namespace + "/svc/" + service;
    }

    /** Whether this identity is {@code service} of {@code namespace} (the trust domain is checked by the chain). */
    public boolean names(String namespace, String service) {
        return this.namespace.equals(namespace) && this.service.equals(service);
    }

    @Override
    public String toString() {
        return uri();
    }

    private static void require(String value, Pattern pattern, String what, String allowed) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "invalid SPIFFE " + what + " '" + value + "': use 1 to 255 of " + allowed);
        }
    }

    /** The canonical trust domain for a name a user gave (lower case). */
    public static String trustDomain(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        require(lower, TRUST_DOMAIN, "trust domain", "lower-case letters, digits, '.', '-' and '_'");
        return lower;
    }
}
