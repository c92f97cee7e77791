package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.List;

/**
 * The control plane's answer to a sidecar's {@link CertificateRequest}: its certificate and the
 * CAs between it and the trust bundle, and the trust bundle every peer's chain must end in.
 *
 * @param identities the SPIFFE IDs of the certificate's URI SANs; the first is the task's own
 *     (its service), the others the discovery names it serves
 * @param certificateChain PEM: the certificate, then any intermediate CA
 * @param trustBundle PEM: the CA certificates a peer's chain is verified against
 * @param expiresAt when the certificate expires, in seconds since the epoch
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkloadCertificate(
        List<String> identities, String certificateChain, String trustBundle, long expiresAt) {

    public WorkloadCertificate {
        identities = identities == null ? List.of() : List.copyOf(identities);
    }

    /** Checks every field. */
    public WorkloadCertificate validate() {
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("identities: empty (expected: at least the task's SPIFFE ID)");
        }
        for (int i = 0; i < identities.size(); i++) {
            ServiceConnectRules.requireSpiffeId(identities.get(i), "identities[" + i + "]");
        }
        ServiceConnectRules.requireNonEmpty(certificateChain, "certificateChain");
        ServiceConnectRules.requireNonEmpty(trustBundle, "trustBundle");
        return this;
    }
}
