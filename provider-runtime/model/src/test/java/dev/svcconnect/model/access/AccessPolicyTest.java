package dev.svcconnect.model.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.Json;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {

    private static Optional<WorkloadIdentity> caller(String namespace, String service) {
        return Optional.of(WorkloadIdentity.of("svc-connect.local", namespace, service));
    }

    @Test
    void theDefaultPolicyAllowsTheSameNamespaceAndCallersWithoutIdentityAndRefusesOtherNamespaces() {
        AccessPolicy policy = AccessPolicy.defaultFor("svc-namespace", "appserver");

        assertThat(policy.decide(caller("svc-namespace", "webui")).allowed()).isTrue();
        assertThat(policy.decide(Optional.empty()).allowed()).isTrue();
        AccessDecision other = policy.decide(caller("other-ns", "webui"));
        assertThat(other.allowed()).isFalse();
        assertThat(other.caller()).isEqualTo("spiffe://svc-connect.local/ns/other-ns/svc/webui");
        assertThat(other.reason())
                .isEqualTo("access denied: caller 'other-ns/webui' may not call 'appserver' of namespace"
                        + " 'svc-namespace': the default policy allows every service of namespace 'svc-namespace'");
    }

    @ParameterizedTest
    @CsvSource({
        "svc-namespace, webui, true",
        "svc-namespace, db, false",
        "other-ns, webui, true",
        "other-ns, cli, false",
        "ops, anything, true",
        "third, webui, false"
    })
    void anExplicitPolicyAllowsExactlyItsEntries(String namespace, String service, boolean allowed) {
        AccessPolicy policy =
                AccessPolicy.of("svc-namespace", "appserver", List.of("webui", "other-ns/webui", "ops/*"));

        assertThat(policy.decide(caller(namespace, service)).allowed()).isEqualTo(allowed);
    }

    @Test
    void anExplicitPolicyRefusesACallerWithoutIdentityAndSaysWhy() {
        AccessDecision decision =
                AccessPolicy.of("svc-namespace", "appserver", List.of("webui")).decide(Optional.empty());

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.caller()).isEqualTo(AccessDecision.UNKNOWN_CALLER);
        assertThat(decision.reason()).contains("without a verified identity").contains("allows only webui");
    }

    @Test
    void theStarAllowsEveryServiceOfTheOwnNamespaceAndAnEmptyListNobody() {
        AccessPolicy star = AccessPolicy.of("svc-namespace", "appserver", List.of("*"));
        AccessPolicy none = AccessPolicy.of("svc-namespace", "appserver", List.of());

        assertThat(star.decide(caller("svc-namespace", "db")).allowed()).isTrue();
        assertThat(star.decide(caller("other-ns", "db")).allowed()).isFalse();
        assertThat(none.decide(caller("svc-namespace", "webui")).allowed()).isFalse();
        assertThat(none.decide(caller("svc-namespace", "webui")).reason()).endsWith("allows no caller");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Web UI|allowedCallers[1]: 'Web UI' (expected: SERVICE, NAMESPACE/SERVICE, NAMESPACE/* or *; a service is",
                "ns/|allowedCallers[1]: 'ns/' (expected: SERVICE",
                "a b/webui|allowedCallers[1]: 'a b/webui' (expected: SERVICE, NAMESPACE/SERVICE, NAMESPACE/* or *; a namespace is",
                "../webui|allowedCallers[1]: '../webui'",
                "a/b/c|allowedCallers[1]: 'a/b/c'",
                "webui|allowedCallers[1]: 'webui' is listed twice",
                "svc-namespace/webui|allowedCallers[1]: 'svc-namespace/webui' is listed twice"
            })
    void aBadEntryIsRefusedNamingItsIndex(String entry, String message) {
        assertThatThrownBy(() -> AccessPolicy.of("svc-namespace", "appserver", List.of("webui", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aPolicyHasAtMostAHundredEntriesAndNamesItsService() {
        List<String> many = java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> "svc" + i)
                .toList();
        assertThatThrownBy(() -> AccessPolicy.of("ns", "appserver", many))
                .hasMessage("allowedCallers: 101 entries (expected: at most 100)");
        assertThatThrownBy(() -> AccessPolicy.of("ns", "App", List.of()))
                .hasMessageStartingWith("service: 'App' (expected");
        assertThatThrownBy(() -> AccessPolicy.of("", "app", List.of())).hasMessage("namespace: is required");
    }

    @Test
    void anInboundListenerCarriesItsPolicyOnTheWireAndChecksIt() throws Exception {
        ListenerConfig listener = ListenerConfig.builder()
                .name("inbound-appserver")
                .direction(Direction.INBOUND)
                .bind("127.0.0.1:15000")
                .discoveryName("appserver")
                .endpoint("127.0.0.1:8080")
                .access(AccessPolicy.of("svc-namespace", "appserver", List.of("webui")))
                .build();

        String json = Json.mapper().writeValueAsString(listener);
        assertThat(json)
                .contains("\"access\":{\"namespace\":\"svc-namespace\",\"service\":\"appserver\","
                        + "\"allowedCallers\":[\"webui\"]}");
        assertThat(Json.mapper().readValue(json, ListenerConfig.class)).isEqualTo(listener);
        String defaultJson = Json.mapper().writeValueAsString(AccessPolicy.defaultFor("svc-namespace", "appserver"));
        assertThat(defaultJson).isEqualTo("{\"namespace\":\"svc-namespace\",\"service\":\"appserver\"}");

        ListenerConfig bad = unchecked(Direction.INBOUND, new AccessPolicy("ns", "app", List.of("ok", "NOT OK")));
        assertThatThrownBy(() -> bad.validate("listeners[0]."))
                .hasMessageStartingWith("listeners[0].access.allowedCallers[1]: 'NOT OK'");
        ListenerConfig outbound = unchecked(Direction.OUTBOUND, AccessPolicy.defaultFor("ns", "app"));
        assertThatThrownBy(() -> outbound.validate(""))
                .hasMessage("access: an access policy applies to inbound listeners only");
    }

    /** A listener as read from JSON, before validation. */
    private static ListenerConfig unchecked(Direction direction, AccessPolicy access) {
        return new ListenerConfig(
                "in", direction, "127.0.0.1:1", null, null, null, null, null, null, access, null, null);
    }
}
