package dev.svcconnect.controlplane.tls;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate, its private key and the CA certificate that signed it.
 *
 * @param certificate the issued certificate
 * @param key its private key
 * @param issuer the certificate of the CA that signed it
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

    public IssuedCertificate {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
        requireNonNull(issuer, "issuer");
    }

    /** The chain a server presents: the certificate, then its issuer. */
    public List<X509Certificate> chain() {
        return List.of(certificate, issuer);
    }
}
