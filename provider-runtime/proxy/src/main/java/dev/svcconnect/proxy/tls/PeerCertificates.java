package dev.svcconnect.proxy.tls;

import dev.svcconnect.model.identity.WorkloadIdentity;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads the workload identities (SPIFFE URI SANs) of a TLS peer whose chain the handshake verified. */
public final class PeerCertificates {

    /** The subject alternative name type of a URI (RFC 5280). */
    private static final int URI_NAME = 6;

    private PeerCertificates() {}

    /**
     * The SPIFFE IDs of the peer's certificate in {@code trustDomain}, in the certificate's order.
     *
     * @throws SSLPeerUnverifiedException when the peer sent no certificate or it names no workload of the trust domain
     */
    public static List<WorkloadIdentity> identities(SSLSession session, String trustDomain)
            throws SSLPeerUnverifiedException {
        Certificate[] peer = session.getPeerCertificates();
        if (peer.length == 0 || !(peer[0] instanceof X509Certificate certificate)) {
            throw new SSLPeerUnverifiedException("the peer sent no X.509 certificate");
        }
        List<WorkloadIdentity> identities = spiffeIds(certificate).stream()
                .filter(identity -> identity.trustDomain().equals(trustDomain))
                .toList();
        if (identities.isEmpty()) {
            throw new SSLPeerUnverifiedException("the peer's certificate " + certificate.getSubjectX500Principal()
                    + " names no workload of trust domain " + trustDomain + " (its URI SANs: " + uris(certificate)
                    + ")");
        }
        return identities;
    }

    /** The workload SPIFFE IDs among the URI SANs of {@code certificate}, in its order. */
    static List<WorkloadIdentity> spiffeIds(X509Certificate certificate) {
        List<WorkloadIdentity> identities = new ArrayList<>();
        for (String uri : uris(certificate)) {
            try {
                identities.add(WorkloadIdentity.parse(uri));
            } catch (IllegalArgumentException e) {
                // another kind of URI SAN: not a workload of the mesh
            }
        }
        return identities;
    }

    private static List<String> uris(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
                        uris.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return uris;
    }
}
