package dev.svcconnect.model.access;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.regex.Pattern;

/**
 * One entry of an access policy's allowed callers, as written: {@code SERVICE} (a discovery name
 * of the policy's own namespace), {@code NAMESPACE/SERVICE} (a service of any namespace),
 * {@code NAMESPACE/*} (every service of that namespace) or {@code *} (every service of the
 * policy's own namespace).
 *
 * @param namespace the caller's namespace; null for the policy's own
 * @param service the caller's discovery name; {@value #ANY} for every service of the namespace
 */
public record AllowedCaller(String namespace, String service) {

    /** The wildcard service. */
    public static final String ANY = "*";

    /** The longest list of allowed callers a policy may have. */
    public static final int MAX_ENTRIES = 100;

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    /**
     * Reads one entry.
     *
     * @throws IllegalArgumentException naming {@code field}, the value and the syntax
     */
    public static AllowedCaller parse(String entry, String field) {
        ServiceConnectRules.requireNonEmpty(entry, field);
        int slash = entry.indexOf('/');
        String namespace = slash < 0 ? null : entry.substring(0, slash);
        String service = slash < 0 ? entry : entry.substring(slash + 1);
        if (namespace != null && (!NAMESPACE.matcher(namespace).matches() || namespace.matches("\\.{1,2}"))) {
            throw new IllegalArgumentException(field + ": '" + entry + "' (expected: SERVICE, NAMESPACE/SERVICE,"
                    + " NAMESPACE/* or *; a namespace is 1-255 of letters, digits, '.', '-' and '_')");
        }
        if (!service.equals(ANY)) {
            try {
                ServiceConnectRules.requireDiscoveryName(service, field);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": '" + entry + "' (expected: SERVICE, NAMESPACE/SERVICE,"
                        + " NAMESPACE/* or *; a service is a discovery name: at most "
                        + ServiceConnectRules.MAX_NAME_LENGTH + " of a-z, 0-9, '_' and '-', not starting with '-')");
            }
        }
        return new AllowedCaller(namespace, service);
    }

    /** Whether {@code caller} is this entry, for a policy of {@code policyNamespace}. */
    public boolean matches(WorkloadIdentity caller, String policyNamespace) {
        String ns = namespace == null ? policyNamespace : namespace;
        return caller.namespace().equals(ns)
                && (service.equals(ANY) || caller.service().equals(service));
    }

    /** The entry as written. */
    @Override
    public String toString() {
        return namespace == null ? service : namespace + "/" + service;
    }
}
