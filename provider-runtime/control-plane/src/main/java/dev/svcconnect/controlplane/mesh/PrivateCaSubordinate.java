package dev.svcconnect.controlplane.mesh;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.tls.CertificateAuthority;
import dev.svcconnect.controlplane.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A subordinate CA that AWS Private CA certified for this control plane: a key generated here
 * (never sent), its certificate, and the private CA's own certificate, which proxies trust. Kept
 * in a directory of {@code DATA/mesh-ca/aws-private-ca/} (the key mode 0600).
 *
 * @param authority the subordinate, which signs workload certificates
 * @param privateCaCertificate the private CA's certificate ({@code GetCertificateAuthorityCertificate})
 */
record PrivateCaSubordinate(CertificateAuthority authority, X509Certificate privateCaCertificate) {

    static final String KEY_FILE = "key.pem";
    static final String CERTIFICATE_FILE = "certificate.pem";
    static final String PRIVATE_CA_FILE = "private-ca.pem";

    PrivateCaSubordinate {
        requireNonNull(authority, "authority");
        requireNonNull(privateCaCertificate, "privateCaCertificate");
    }

    /** Whether less than a third of its life, or less than {@code workloadTtl}, is left at {@code now}. */
    boolean needsRenewal(Instant now, Duration workloadTtl) {
        Instant notBefore = authority.certificate().getNotBefore().toInstant();
        Instant notAfter = authority.certificate().getNotAfter().toInstant();
        Duration left = Duration.between(now, notAfter);
        Duration life = Duration.between(notBefore, notAfter);
        return left.compareTo(life.dividedBy(3)) < 0 || left.compareTo(workloadTtl) < 0;
    }

    /** The subordinate kept in {@code directory}, or null when there is none yet. */
    static PrivateCaSubordinate load(Path directory, Clock clock) throws IOException {
        Path key = directory.resolve(KEY_FILE);
        Path certificate = directory.resolve(CERTIFICATE_FILE);
        Path privateCa = directory.resolve(PRIVATE_CA_FILE);
        if (!Files.exists(key) || !Files.exists(certificate) || !Files.exists(privateCa)) {
            return null;
        }
        return new PrivateCaSubordinate(
                CertificateAuthority.of(Pem.readCertificates(certificate).get(0), Pem.readPrivateKey(key), clock),
                Pem.readCertificates(privateCa).get(0));
    }

    /** Keeps it in {@code directory}: the key first, readable by its owner only. */
    void store(Path directory) throws IOException {
        Files.createDirectories(directory);
        Pem.writePrivateKey(directory.resolve(KEY_FILE), authority.key());
        Pem.writeCertificates(directory.resolve(CERTIFICATE_FILE), List.of(authority.certificate()));
        Pem.writeCertificates(directory.resolve(PRIVATE_CA_FILE), List.of(privateCaCertificate));
    }

    /** The PEM certificate request for {@code pair}, named {@code commonName}. */
    static String certificateRequest(KeyPair pair, String commonName) {
        try {
            PrivateKey key = pair.getPrivate();
            return Pem.encode(
                    new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), pair.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate request: " + e.getMessage(), e);
        }
    }
}
