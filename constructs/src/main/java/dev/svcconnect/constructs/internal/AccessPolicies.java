package dev.svcconnect.constructs.internal;

import dev.svcconnect.model.access.AccessPolicy;
import dev.svcconnect.model.access.AllowedCaller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * The {@code Custom::SvcConnectAccessPolicy} of a Service Connect service that lists its allowed
 * callers ({@code Namespace}, {@code Service}, {@code AllowedCallers}), checked at synth time with
 * the model's rules, and created after the service resource (whose Cloud Map service it names).
 */
public final class AccessPolicies {

    /** The resource type. */
    public static final String TYPE = "Custom::SvcConnectAccessPolicy";

    private AccessPolicies() {}

    /**
     * Checks the callers the way the control plane will, naming the field under {@code prefix}:
     * {@code serviceConnectConfiguration.services[0].allowedCallers[1]: 'Web UI' (expected: ...)}.
     * Entries that are tokens are left for deploy time.
     */
    public static void validate(String namespace, String discoveryName, List<String> callers, String prefix) {
        boolean resolved = !Token.isUnresolved(namespace) && !Token.isUnresolved(discoveryName);
        for (int i = 0; i < callers.size(); i++) {
            String caller = callers.get(i);
            if (caller == null || !Token.isUnresolved(caller)) {
                AllowedCaller.parse(caller, prefix + "allowedCallers[" + i + "]");
            } else {
                resolved = false;
            }
        }
        if (resolved) {
            new AccessPolicy(namespace, discoveryName, callers).validate(prefix);
        }
    }

    /** Adds the policy resource to {@code service}, depending on {@code serviceResource}. */
    public static void render(
            Construct service,
            CustomResource serviceResource,
            String namespace,
            String discoveryName,
            List<String> callers,
            int index) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Namespace", namespace);
        properties.put("Service", discoveryName);
        properties.put("AllowedCallers", List.copyOf(callers));
        String id = Token.isUnresolved(discoveryName) ? "AccessPolicy" + index : "AccessPolicy-" + discoveryName;
        CustomResource policy = StackProvider.of(service).resource(service, id, TYPE, properties);
        policy.getNode().addDependency(serviceResource);
    }
}
