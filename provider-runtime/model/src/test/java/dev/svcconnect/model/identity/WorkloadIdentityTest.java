package dev.svcconnect.model.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadIdentityTest {

    @Test
    void aServiceIsNamedBySpiffeIdOfItsNamespaceAndDiscoveryName() {
        WorkloadIdentity id = WorkloadIdentity.of("svc-connect.local", "svc-namespace", "appserver");

        assertThat(id.uri()).isEqualTo("spiffe://svc-connect.local/ns/svc-namespace/svc/appserver");
        assertThat(WorkloadIdentity.parse(id.uri())).isEqualTo(id);
        assertThat(id.names("svc-namespace", "appserver")).isTrue();
        assertThat(id.names("other", "appserver")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://td/ns/a/svc/b",
                "spiffe://td/ns/a",
                "spiffe://td/ns/a/svc/b/extra",
                "spiffe://td/namespace/a/svc/b",
                "spiffe://td/ns/a/svc/b?x=1",
                "spiffe://user@td/ns/a/svc/b",
                "spiffe://td:8443/ns/a/svc/b",
                "spiffe://TD/ns/a/svc/b",
                "spiffe://td/ns/../svc/b",
                "spiffe:///ns/a/svc/b",
                "not a uri"
            })
    void anythingElseIsRefusedWithTheReason(String uri) {
        assertThatThrownBy(() -> WorkloadIdentity.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(uri.equals("not a uri") ? "not a URI" : "");
    }

    @Test
    void aTrustDomainGivenInUpperCaseIsLowered() {
        assertThat(WorkloadIdentity.trustDomain("Mesh.Example")).isEqualTo("mesh.example");
        assertThatThrownBy(() -> WorkloadIdentity.trustDomain("mesh/example"))
                .hasMessageContaining("invalid SPIFFE trust domain");
    }
}
