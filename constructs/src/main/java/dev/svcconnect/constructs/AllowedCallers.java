package dev.svcconnect.constructs;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Token;

/**
 * The entries of {@link ServiceConnectService#getAllowedCallers()} as an access policy lists them:
 * a name stays as written; a service ({@link IBaseService}) becomes its name, prefixed with its
 * namespace ({@code NAMESPACE/NAME}) when that is not the policy's own.
 */
final class AllowedCallers {

    private AllowedCallers() {}

    /**
     * The policy's entries for {@code callers} of a service in {@code policyNamespace}.
     *
     * @throws IllegalArgumentException naming {@code prefix + "allowedCallers[i]"} for an entry that is
     *     neither a name nor a service
     */
    static List<String> of(List<Object> callers, String policyNamespace, String prefix) {
        List<String> entries = new ArrayList<>(callers.size());
        for (int i = 0; i < callers.size(); i++) {
            Object caller = callers.get(i);
            if (caller instanceof String name) {
                entries.add(name);
            } else if (caller instanceof IBaseService service) {
                entries.add(entryOf(service, policyNamespace));
            } else {
                throw new IllegalArgumentException(prefix + "allowedCallers[" + i + "]: "
                        + (caller == null ? "null" : "a " + caller.getClass().getName())
                        + " (expected: a caller's name, a String, or a service, an IBaseService)");
            }
        }
        return entries;
    }

    private static String entryOf(IBaseService service, String policyNamespace) {
        String name = service instanceof BaseService declared && declared.declaredServiceName() != null
                ? declared.declaredServiceName()
                : service.getServiceName();
        String namespace = namespaceOf(service);
        return namespace == null || namespace.equals(policyNamespace) ? name : namespace + "/" + name;
    }

    /** The service's namespace by name: its Service Connect one, else its cluster's default; null if unknown. */
    private static String namespaceOf(IBaseService service) {
        if (service instanceof BaseService declared && declared.serviceConnectNamespaceName() != null) {
            return declared.serviceConnectNamespaceName();
        }
        INamespace namespace =
                service.getCluster() == null ? null : service.getCluster().getDefaultCloudMapNamespace();
        String name = namespace == null ? null : namespace.getNamespaceName();
        return name != null && !Token.isUnresolved(name) && name.startsWith("arn:") ? null : name;
    }
}
