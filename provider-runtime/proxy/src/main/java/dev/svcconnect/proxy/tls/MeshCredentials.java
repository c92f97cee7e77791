package dev.svcconnect.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.identity.WorkloadIdentity;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What a proxy proves and trusts on the mesh: its private key (generated here, never sent), the
 * certificate chain the mesh CA signed for it, and the CA certificates a peer's chain must end in.
 *
 * @param key the proxy's private key
 * @param chain its certificate, then any intermediate CA
 * @param trustBundle the mesh's CA certificates
 * @param identities the SPIFFE IDs of its certificate; the first is its own
 */
public record MeshCredentials(
        PrivateKey key,
        List<X509Certificate> chain,
        List<X509Certificate> trustBundle,
        List<WorkloadIdentity> identities) {

    public MeshCredentials {
        requireNonNull(key, "key");
        chain = List.copyOf(chain);
        trustBundle = List.copyOf(trustBundle);
        identities = List.copyOf(identities);
        if (chain.isEmpty() || trustBundle.isEmpty() || identities.isEmpty()) {
            throw new IllegalArgumentException("mesh credentials need a certificate, a trust bundle and an identity");
        }
    }

    /**
     * Credentials from PEM files, for a proxy of a static configuration: the certificate chain,
     * its unencrypted private key and the trust bundle; the identities are the SPIFFE IDs of the
     * certificate.
     *
     * @throws IllegalArgumentException naming the file that cannot be read or holds no such thing
     */
    public static MeshCredentials read(Path chain, Path key, Path trustBundle) {
        List<X509Certificate> certificates = PemFiles.certificates(chain);
        List<WorkloadIdentity> identities = PeerCertificates.spiffeIds(certificates.get(0));
        if (identities.isEmpty()) {
            throw new IllegalArgumentException(chain + ": the certificate names no SPIFFE ID"
                    + " (expected: a URI SAN spiffe://TRUST_DOMAIN/ns/NAMESPACE/svc/SERVICE)");
        }
        return new MeshCredentials(
                PemFiles.privateKey(key), certificates, PemFiles.certificates(trustBundle), identities);
    }

    /** The proxy's own identity, the first of its certificate. */
    public WorkloadIdentity identity() {
        return identities.get(0);
    }

    /** When its certificate expires. */
    public Instant expiresAt() {
        return chain.get(0).getNotAfter().toInstant();
    }
}
