package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.svcconnect.model.validation.ServiceConnectRules;

/**
 * What a sidecar sends to {@code POST /watch/v1/tasks/{taskId}/certificate}: a PKCS#10 request for
 * the key pair it generated and keeps. The control plane decides the names; the request's own
 * subject is ignored.
 *
 * <pre>{@code
 * {"csr": "-----BEGIN CERTIFICATE REQUEST-----\n...\n-----END CERTIFICATE REQUEST-----\n"}
 * }</pre>
 *
 * @param csr the request, PEM
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateRequest(String csr) {

    /** The PEM label of a PKCS#10 request. */
    public static final String PEM_LABEL = "CERTIFICATE REQUEST";

    /** Checks that {@code csr} is a PEM certificate request. */
    public CertificateRequest validate() {
        ServiceConnectRules.requireNonEmpty(csr, "csr");
        if (!csr.contains("-----BEGIN " + PEM_LABEL + "-----")) {
            throw new IllegalArgumentException(
                    "csr: not a PEM certificate request (expected: -----BEGIN " + PEM_LABEL + "-----)");
        }
        return this;
    }
}
