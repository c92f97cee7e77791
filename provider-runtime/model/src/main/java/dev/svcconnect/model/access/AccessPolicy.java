package dev.svcconnect.model.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which client services may call one Service Connect service (a discovery name of a namespace).
 *
 * <ul>
 *   <li>The default policy ({@code allowedCallers} absent): every service of the same namespace;
 *       a caller of another namespace is refused; a connection without a verified identity (the
 *       namespace opted out of mutual TLS) is allowed, so that opting out changes nothing else.
 *   <li>An explicit policy: only the listed callers ({@link AllowedCaller}: {@code webui},
 *       {@code other-ns/webui}, {@code other-ns/*}, {@code *}); an empty list allows nobody; a
 *       connection without a verified identity is refused, since it cannot be one of them.
 * </ul>
 *
 * <pre>{@code
 * AccessPolicy policy = AccessPolicy.of("svc-namespace", "appserver", List.of("webui", "ops/cli"));
 * policy.decide(Optional.of(WorkloadIdentity.of("td", "svc-namespace", "webui"))).allowed(); // true
 * }</pre>
 *
 * @param namespace the name of the service's namespace
 * @param service the service's discovery name
 * @param allowedCallers the entries as written; null for the default policy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessPolicy(String namespace, String service, List<String> allowedCallers) {

    public AccessPolicy {
        allowedCallers = allowedCallers == null ? null : List.copyOf(allowedCallers);
    }

    /** The default policy of {@code service} in {@code namespace}. */
    public static AccessPolicy defaultFor(String namespace, String service) {
        return new AccessPolicy(namespace, service, null).validate("");
    }

    /** An explicit policy, validated. */
    public static AccessPolicy of(String namespace, String service, List<String> allowedCallers) {
        return new AccessPolicy(namespace, service, requireNonNull(allowedCallers, "allowedCallers")).validate("");
    }

    /** Whether this is the default policy (no list of callers). */
    @JsonIgnore
    public boolean isDefault() {
        return allowedCallers == null;
    }

    /**
     * Checks every field, naming the first that is wrong with {@code prefix} before it, e.g.
     * {@code allowedCallers[1]: 'Web UI' (expected: ...)}.
     */
    public AccessPolicy validate(String prefix) {
        ServiceConnectRules.requireNonEmpty(namespace, prefix + "namespace");
        ServiceConnectRules.requireDiscoveryName(service, prefix + "service");
        callers(prefix);
        return this;
    }

    /** The parsed entries; empty for the default policy. */
    @JsonIgnore
    public List<AllowedCaller> callers() {
        return callers("");
    }

    private List<AllowedCaller> callers(String prefix) {
        if (allowedCallers == null) {
            return List.of();
        }
        if (allowedCallers.size() > AllowedCaller.MAX_ENTRIES) {
            throw new IllegalArgumentException(prefix + "allowedCallers: " + allowedCallers.size()
                    + " entries (expected: at most " + AllowedCaller.MAX_ENTRIES + ")");
        }
        List<AllowedCaller> callers = new ArrayList<>(allowedCallers.size());
        Set<AllowedCaller> seen = new HashSet<>();
        for (int i = 0; i < allowedCallers.size(); i++) {
            String field = prefix + "allowedCallers[" + i + "]";
            AllowedCaller caller = AllowedCaller.parse(allowedCallers.get(i), field);
            if (caller.namespace() != null && caller.namespace().equals(namespace)) {
                caller = new AllowedCaller(null, caller.service());
            }
            if (!seen.add(caller)) {
                throw new IllegalArgumentException(
                        field + ": '" + allowedCallers.get(i) + "' is listed twice (expected: each caller once)");
            }
            callers.add(caller);
        }
        return callers;
    }

    /** Whether {@code caller} (empty when the connection has no verified identity) may call the service. */
    public AccessDecision decide(Optional<WorkloadIdentity> caller) {
        String target = "'" + service + "' of namespace '" + namespace + "'";
        if (caller.isEmpty()) {
            return isDefault()
                    ? new AccessDecision(
                            true, AccessDecision.UNKNOWN_CALLER, "no verified caller; the default policy allows it")
                    : new AccessDecision(
                            false,
                            AccessDecision.UNKNOWN_CALLER,
                            "access denied: a caller without a verified identity (mutual TLS off) may not call "
                                    + target + ": its access policy allows only " + allowed());
        }
        WorkloadIdentity identity = caller.get();
        boolean allowed = isDefault()
                ? identity.namespace().equals(namespace)
                : callers().stream().anyMatch(entry -> entry.matches(identity, namespace));
        String verdict = allowed ? "allowed: " : "access denied: ";
        return new AccessDecision(
                allowed,
                identity.uri(),
                verdict + "caller '" + identity.namespace() + "/" + identity.service() + "' "
                        + (allowed ? "may call " : "may not call ") + target + ": "
                        + (isDefault() ? "the default policy allows " : "its access policy allows ") + allowed());
    }

    /** What this policy allows, in words. */
    public String allowed() {
        if (isDefault()) {
            return "every service of namespace '" + namespace + "'";
        }
        return allowedCallers.isEmpty() ? "no caller" : String.join(", ", allowedCallers);
    }
}
