package dev.svcconnect.controlplane.mesh;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.validation.ServiceConnectRules;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the control plane runs the mesh CA: the SPIFFE trust domain, the life of workload
 * certificates, and either a root it generates under {@code DATA/mesh-ca/} (the default) or a CA
 * the user provides ({@code --mesh-ca-cert/--mesh-ca-key}), under which it makes an intermediate.
 *
 * @param trustDomain the trust domain of every SPIFFE ID; default {@value #DEFAULT_TRUST_DOMAIN}
 * @param caCertificate the user's CA certificate (PEM, the CA first, then its chain); null to generate a root
 * @param caKey the user's CA private key (PEM); with {@code caCertificate} only
 * @param workloadCertificateTtl how long a workload certificate lives; default 24 h, at least 10 s
 */
public record MeshCaSettings(String trustDomain, Path caCertificate, Path caKey, Duration workloadCertificateTtl) {

    public static final String DEFAULT_TRUST_DOMAIN = "svc-connect.local";
    public static final Duration DEFAULT_WORKLOAD_CERTIFICATE_TTL = Duration.ofHours(24);
    public static final Duration MIN_WORKLOAD_CERTIFICATE_TTL = Duration.ofSeconds(10);
    public static final Duration MAX_WORKLOAD_CERTIFICATE_TTL = Duration.ofDays(30);

    public MeshCaSettings {
        ServiceConnectRules.requireTrustDomain(trustDomain, "trustDomain");
        requireNonNull(workloadCertificateTtl, "workloadCertificateTtl");
        if ((caCertificate == null) != (caKey == null)) {
            throw new IllegalArgumentException("mesh CA: --mesh-ca-cert and --mesh-ca-key go together (got "
                    + (caCertificate == null ? "--mesh-ca-key only" : "--mesh-ca-cert only") + ")");
        }
        if (workloadCertificateTtl.compareTo(MIN_WORKLOAD_CERTIFICATE_TTL) < 0
                || workloadCertificateTtl.compareTo(MAX_WORKLOAD_CERTIFICATE_TTL) > 0) {
            throw new IllegalArgumentException("workloadCertificateTtl: " + workloadCertificateTtl.toSeconds()
                    + " s (expected: " + MIN_WORKLOAD_CERTIFICATE_TTL.toSeconds() + " s to "
                    + MAX_WORKLOAD_CERTIFICATE_TTL.toDays() + " days)");
        }
    }

    /** A generated root, trust domain {@value #DEFAULT_TRUST_DOMAIN}, 24-hour certificates. */
    public static MeshCaSettings defaults() {
        return new MeshCaSettings(DEFAULT_TRUST_DOMAIN, null, null, DEFAULT_WORKLOAD_CERTIFICATE_TTL);
    }

    /** A copy with another trust domain. */
    public MeshCaSettings withTrustDomain(String domain) {
        return new MeshCaSettings(domain, caCertificate, caKey, workloadCertificateTtl);
    }

    /** A copy that makes its intermediate under the user's CA. */
    public MeshCaSettings withCa(Path certificate, Path key) {
        return new MeshCaSettings(trustDomain, certificate, key, workloadCertificateTtl);
    }

    /** A copy with another certificate life. */
    public MeshCaSettings withWorkloadCertificateTtl(Duration ttl) {
        return new MeshCaSettings(trustDomain, caCertificate, caKey, ttl);
    }
}
