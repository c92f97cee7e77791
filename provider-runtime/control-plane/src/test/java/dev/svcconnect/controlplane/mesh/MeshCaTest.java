package dev.svcconnect.controlplane.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.tls.CertificateAuthority;
import dev.svcconnect.controlplane.tls.Pem;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshCaTest {

    private static final WorkloadIdentity WEB = WorkloadIdentity.of("svc-connect.local", "shop", "web");
    private static final WorkloadIdentity WEB_SVC = WorkloadIdentity.of("svc-connect.local", "shop", "web-svc");

    @TempDir
    Path data;

    /** Validates {@code chain} against {@code roots} as a TLS peer does (PKIX, no revocation). */
    private static void validate(List<X509Certificate> chain, List<X509Certificate> roots) throws Exception {
        PKIXParameters parameters = new PKIXParameters(
                roots.stream().map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    private static List<String> uris(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream()
                .filter(name -> name.get(0).equals(6))
                .map(name -> (String) name.get(1))
                .toList();
    }

    @Test
    void aGeneratedRootSignsRequestsWithTheIdentitiesAsUriSansAndOnlyThose() throws Exception {
        MeshCa ca = MeshCa.open(data, MeshCaSettings.defaults(), Clock.systemUTC());

        MeshCa.Issued issued = ca.issue(OpensslRequests.request(data, "ec"), List.of(WEB, WEB_SVC));

        validate(issued.chain(), issued.trustBundle());
        assertThat(uris(issued.certificate())).containsExactly(WEB.uri(), WEB_SVC.uri());
        assertThat(issued.certificate().getSubjectX500Principal().getName()).isEmpty();
        assertThat(issued.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(issued.certificate().getExtendedKeyUsage())
                .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(issued.certificate().getCriticalExtensionOIDs()).contains("2.5.29.17");
    }

    @Test
    void theRootIsKeptUnderTheDataDirectoryWithAPrivateKeyOnlyItsOwnerReads() throws Exception {
        MeshCa first = MeshCa.open(data, MeshCaSettings.defaults(), Clock.systemUTC());
        MeshCa again = MeshCa.open(data, MeshCaSettings.defaults(), Clock.systemUTC());

        assertThat(again.trustBundle()).isEqualTo(first.trustBundle());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("mesh-ca/ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(again.describe()).startsWith("the root of ");
    }

    @Test
    void theCertificateLivesAsLongAsConfigured() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
        MeshCa ca =
                MeshCa.open(data, MeshCaSettings.defaults().withWorkloadCertificateTtl(Duration.ofSeconds(30)), clock);

        X509Certificate certificate =
                ca.issue(OpensslRequests.request(data, "ec"), List.of(WEB)).certificate();

        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(Instant.parse("2026-12-01T10:00:30Z"));
    }

    @Test
    void aUsersCaSignsAnIntermediateThatSignsTheWorkloads() throws Exception {
        CertificateAuthority root =
                CertificateAuthority.create("corporate root", Duration.ofDays(100), Clock.systemUTC());
        Path certificate = data.resolve("root.pem");
        Path key = data.resolve("root-key.pem");
        Pem.writeCertificates(certificate, List.of(root.certificate()));
        Pem.writePrivateKey(key, root.key());
        MeshCa ca = MeshCa.open(data, MeshCaSettings.defaults().withCa(certificate, key), Clock.systemUTC());

        MeshCa.Issued issued = ca.issue(OpensslRequests.request(data, "ec"), List.of(WEB));

        assertThat(issued.chain()).hasSize(2);
        assertThat(issued.trustBundle()).containsExactly(root.certificate());
        validate(issued.chain(), List.of(root.certificate()));
        assertThat(ca.describe()).startsWith("an intermediate of ");
        assertThat(Files.exists(data.resolve("mesh-ca/ca-key.pem"))).isFalse();
    }

    @Test
    void extraTrustedCasJoinTheBundleForARotation() throws Exception {
        CertificateAuthority next = CertificateAuthority.create("next root", Duration.ofDays(100), Clock.systemUTC());
        MeshCa current = MeshCa.open(data, MeshCaSettings.defaults(), Clock.systemUTC());
        Pem.writeCertificates(data.resolve("mesh-ca/extra-trust.pem"), List.of(next.certificate()));

        MeshCa rotating = MeshCa.open(data, MeshCaSettings.defaults(), Clock.systemUTC());

        assertThat(rotating.trustBundle()).containsExactly(current.trustBundle().get(0), next.certificate());
    }

    @Test
    void aRequestThatIsNotEcP256OrNotSignedByItsKeyIsRefused() {
        MeshCa ca = MeshCa.open(data, MeshCaSettings.defaults(), Clock.systemUTC());
        String rsa = OpensslRequests.request(data, "rsa:2048");
        String ec = OpensslRequests.request(data, "ec");
        String tampered =
                ec.replace(ec.substring(100, 104), ec.substring(100, 104).equals("AAAA") ? "BBBB" : "AAAA");

        assertThatThrownBy(() -> ca.issue(rsa, List.of(WEB)))
                .hasMessage("csr: a RSA key (expected: an ECDSA P-256 key)");
        assertThatThrownBy(() -> ca.issue(tampered, List.of(WEB))).hasMessageStartingWith("csr: ");
        assertThatThrownBy(() -> ca.issue("hello", List.of(WEB)))
                .hasMessageStartingWith("csr: not a PEM certificate request");
        assertThatThrownBy(() -> ca.issue(ec, List.of(WorkloadIdentity.of("other.local", "shop", "web"))))
                .hasMessage("identity spiffe://other.local/ns/shop/svc/web is not of trust domain svc-connect.local");
    }

    @Test
    void settingsNameTheOptionThatIsWrong() {
        assertThatThrownBy(() -> MeshCaSettings.defaults().withWorkloadCertificateTtl(Duration.ofSeconds(5)))
                .hasMessage("workloadCertificateTtl: 5 s (expected: 10 s to 30 days)");
        assertThatThrownBy(() -> MeshCaSettings.defaults().withCa(data.resolve("ca.pem"), null))
                .hasMessage("mesh CA: --mesh-ca-cert and --mesh-ca-key go together (got --mesh-ca-cert only)");
        assertThatThrownBy(() -> MeshCaSettings.defaults().withTrustDomain("Not Valid"))
                .hasMessageStartingWith("trustDomain: 'Not Valid'");
        assertThat(Set.of(MeshCaSettings.defaults().trustDomain())).containsExactly("svc-connect.local");
    }
}
