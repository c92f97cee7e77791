package dev.svcconnect.controlplane.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    @TempDir
    Path dir;

    private final CertificateAuthority ca =
            CertificateAuthority.create("test CA", Duration.ofDays(30), Clock.systemUTC());

    @Test
    void anIssuedCertificateCarriesEachNameAsAnIpAddressOrDnsNameAndChainsToTheCa() throws Exception {
        IssuedCertificate issued =
                ca.issue("cp", List.of("127.0.0.1", "::1", "localhost", "cp.example.internal"), Duration.ofDays(1));

        assertThat(issued.certificate().getSubjectAlternativeNames().stream()
                        .map(name -> name.get(0) + "=" + name.get(1))
                        .collect(Collectors.toList()))
                .containsExactly("7=127.0.0.1", "7=0:0:0:0:0:0:0:1", "2=localhost", "2=cp.example.internal");
        assertThat(issued.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(issued.certificate().getExtendedKeyUsage())
                .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(issued.chain()).containsExactly(issued.certificate(), ca.certificate());
        validate(issued.certificate(), ca.certificate());
    }

    @Test
    void aNameThatIsNeitherAnAddressNorADnsNameIsRefused() {
        assertThatThrownBy(() -> ca.issue("cp", List.of("not a name"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name: 'not a name' (expected: an IP address or a DNS name such as cp.example.internal)");
        assertThatThrownBy(() -> ca.issue("cp", List.of(), Duration.ofDays(1)))
                .hasMessage("names: empty (expected: at least one IP address or DNS name)");
    }

    @Test
    void pemWrittenIsReadBackAndTheKeyFileIsTheOwnersOnly() throws Exception {
        IssuedCertificate issued = ca.issue("cp", List.of("localhost"), Duration.ofDays(1));
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");

        Pem.writeCertificates(chain, issued.chain());
        Pem.writePrivateKey(key, issued.key());

        assertThat(Files.readString(chain)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Pem.readCertificates(chain)).containsExactly(issued.certificate(), ca.certificate());
        assertThat(Pem.readPrivateKey(key).getEncoded()).isEqualTo(issued.key().getEncoded());
        assertThatThrownBy(() -> Pem.readPrivateKey(chain))
                .hasMessage(chain + ": holds no private key (expected: an unencrypted PEM PRIVATE KEY, EC or RSA)");
    }

    @Test
    void aCaDirectoryIsCreatedOnceOwnerOnlyAndReadBackOnTheNextStart() throws Exception {
        Path tls = dir.resolve("data").resolve("tls");

        CaDirectory first = CaDirectory.loadOrCreate(tls, "test CA", Clock.systemUTC());
        CaDirectory again = CaDirectory.loadOrCreate(tls, "test CA", Clock.systemUTC());

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.authority().certificate()).isEqualTo(first.authority().certificate());
        assertThat(first.certificateFile()).isEqualTo(tls.resolve("ca.pem"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        validate(
                again.authority()
                        .issue("cp", List.of("localhost"), Duration.ofDays(1))
                        .certificate(),
                first.authority().certificate());
    }

    @Test
    void aCaCertificateWithoutItsKeyIsNotReplacedByANewCa() throws Exception {
        Path tls = dir.resolve("tls");
        CaDirectory.loadOrCreate(tls, "test CA", Clock.systemUTC());
        Files.delete(tls.resolve("ca-key.pem"));

        assertThatThrownBy(() -> CaDirectory.loadOrCreate(tls, "test CA", Clock.systemUTC()))
                .hasMessageContaining("holds ca.pem without its pair");
    }

    /** Validates {@code certificate} against {@code trusted} as the JDK's PKIX validator does. */
    private static void validate(X509Certificate certificate, X509Certificate trusted) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", trusted);
        PKIXParameters parameters = new PKIXParameters(store);
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
    }
}
