package dev.svcconnect.controlplane.mesh;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.tls.CaDirectory;
import dev.svcconnect.controlplane.tls.CertificateAuthority;
import dev.svcconnect.controlplane.tls.Pem;
import dev.svcconnect.model.identity.WorkloadIdentity;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh CA: signs each sidecar's certificate request with its workload identities as URI SANs.
 * Its signing CA is a root generated at first start in {@code DATA/mesh-ca/} (key mode 0600), or an
 * intermediate made at each start under a CA the user provides. The trust bundle is that root
 * plus any CA certificates in {@code DATA/mesh-ca/extra-trust.pem}, which is how a CA rotation
 * keeps the old and the new root trusted at once ({@code docs/security.md}).
 *
 * <pre>{@code
 * MeshCa ca = MeshCa.open(data, MeshCaSettings.defaults(), Clock.systemUTC());
 * MeshCa.Issued issued = ca.issue(csr, List.of(WorkloadIdentity.of(ca.trustDomain(), "ns", "web")));
 * }</pre>
 */
public final class MeshCa {

    /** The directory under the data directory. */
    public static final String DIRECTORY = "mesh-ca";
    /** More CA certificates to trust, for a rotation. */
    public static final String EXTRA_TRUST_FILE = "extra-trust.pem";
    /** How long an intermediate made under a user's CA lives (never beyond that CA). */
    static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(365);

    private static final Logger LOG = LoggerFactory.getLogger(MeshCa.class);

    private final MeshCaSettings settings;
    private final CertificateAuthority signer;
    private final List<X509Certificate> intermediates;
    private final List<X509Certificate> trustBundle;
    private final String description;
    private final PrivateCaIssuers privateCa;

    /** A certificate issued for a request, the CAs between it and the bundle, and the bundle. */
    public record Issued(
            X509Certificate certificate, List<X509Certificate> intermediates, List<X509Certificate> trustBundle) {

        public Issued {
            requireNonNull(certificate, "certificate");
            intermediates = List.copyOf(intermediates);
            trustBundle = List.copyOf(trustBundle);
        }

        /** The certificate, then its intermediates: what a TLS peer presents. */
        public List<X509Certificate> chain() {
            List<X509Certificate> chain = new ArrayList<>(intermediates.size() + 1);
            chain.add(certificate);
            chain.addAll(intermediates);
            return chain;
        }
    }

    private MeshCa(
            MeshCaSettings settings,
            CertificateAuthority signer,
            List<X509Certificate> intermediates,
            List<X509Certificate> trustBundle,
            String description,
            PrivateCaIssuers privateCa) {
        this.settings = settings;
        this.signer = signer;
        this.intermediates = List.copyOf(intermediates);
        this.trustBundle = List.copyOf(trustBundle);
        this.description = description;
        this.privateCa = privateCa;
    }

    /**
     * A copy that signs the certificates of a service naming an AWS Private CA with a subordinate
     * of that private CA ({@code --aws-private-ca}), and adds the certificates of the private CAs
     * in use to every trust bundle.
     */
    public MeshCa withPrivateCa(PrivateCaIssuers issuers) {
        requireNonNull(issuers, "issuers");
        return new MeshCa(
                settings,
                signer,
                intermediates,
                trustBundle,
                description + "; AWS Private CA for the services whose tls block names one",
                issuers);
    }

    /** Whether it signs with AWS Private CA for the services that name one. */
    public boolean usesPrivateCa() {
        return privateCa != null;
    }

    /** The mesh CA of {@code dataDirectory} with {@code settings}; creates a root on first use. */
    public static MeshCa open(Path dataDirectory, MeshCaSettings settings, Clock clock) {
        requireNonNull(settings, "settings");
        Path directory = dataDirectory.resolve(DIRECTORY);
        try {
            List<X509Certificate> trust = new ArrayList<>();
            MeshCa ca;
            if (settings.caCertificate() != null) {
                List<X509Certificate> given = Pem.readCertificates(settings.caCertificate());
                PrivateKey key = Pem.readPrivateKey(settings.caKey());
                CertificateAuthority user = CertificateAuthority.of(given.get(0), key, clock);
                CertificateAuthority intermediate = user.issueIntermediate(
                        "svc-connect mesh CA (" + settings.trustDomain() + ")", INTERMEDIATE_VALIDITY);
                List<X509Certificate> between = new ArrayList<>();
                between.add(intermediate.certificate());
                between.addAll(given.subList(0, given.size() - 1));
                trust.add(given.get(given.size() - 1));
                ca = new MeshCa(
                        settings, intermediate, between, trust, "an intermediate of " + settings.caCertificate(), null);
            } else {
                CaDirectory root = CaDirectory.loadOrCreate(directory, "svc-connect mesh CA", clock);
                trust.add(root.authority().certificate());
                ca = new MeshCa(
                        settings,
                        root.authority(),
                        List.of(),
                        trust,
                        (root.created() ? "a root created in " : "the root of ") + root.certificateFile(),
                        null);
            }
            Path extra = directory.resolve(EXTRA_TRUST_FILE);
            if (Files.exists(extra)) {
                trust.addAll(Pem.readCertificates(extra));
                return new MeshCa(
                        settings, ca.signer, ca.intermediates, trust, ca.description + " (+ " + extra + ")", null);
            }
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException("mesh CA in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Signs {@code csrPem} for {@code identities} (the first is the workload's own), valid for the
     * configured workload certificate life.
     *
     * @throws IllegalArgumentException when the request is not a PEM PKCS#10 request whose
     *     signature verifies with its ECDSA P-256 key, or an identity is of another trust domain
     */
    public Issued issue(String csrPem, List<WorkloadIdentity> identities) {
        return issue(csrPem, identities, Optional.empty(), Set.of());
    }

    /**
     * Signs {@code csrPem} for {@code identities} with the subordinate of the AWS Private CA
     * {@code privateCaArn} when there is one and this CA uses AWS Private CA (otherwise with the
     * mesh CA, the {@code tls} block being informational), and answers a trust bundle that also
     * holds the certificate of each private CA of {@code privateCasInUse}.
     *
     * @throws IllegalArgumentException as {@link #issue(String, List)}
     * @throws PrivateCaException when AWS Private CA fails for {@code privateCaArn}: never signed by the mesh CA instead
     */
    public Issued issue(
            String csrPem,
            List<WorkloadIdentity> identities,
            Optional<String> privateCaArn,
            Set<String> privateCasInUse) {
        List<String> uris = new ArrayList<>();
        for (WorkloadIdentity identity : identities) {
            if (!identity.trustDomain().equals(settings.trustDomain())) {
                throw new IllegalArgumentException(
                        "identity " + identity + " is not of trust domain " + settings.trustDomain());
            }
            uris.add(identity.uri());
        }
        PKCS10CertificationRequest request = readRequest(csrPem);
        if (privateCa == null) {
            X509Certificate certificate = signer.issueForRequest(request, uris, settings.workloadCertificateTtl());
            return new Issued(certificate, intermediates, trustBundle);
        }
        CertificateAuthority issuer = privateCaArn.map(privateCa::signer).orElse(signer);
        List<X509Certificate> chain = privateCaArn.isPresent() ? List.of(issuer.certificate()) : intermediates;
        X509Certificate certificate = issuer.issueForRequest(request, uris, settings.workloadCertificateTtl());
        return new Issued(certificate, chain, trustWithPrivateCas(privateCaArn, privateCasInUse));
    }

    /**
     * The trust bundle plus the certificate of each private CA in use and of {@code own}; one that
     * cannot be read is left out (logged), unless it is {@code own}, whose failure is thrown.
     */
    private List<X509Certificate> trustWithPrivateCas(Optional<String> own, Set<String> privateCasInUse) {
        List<X509Certificate> trust = new ArrayList<>(trustBundle);
        Set<String> trusted = new TreeSet<>(privateCasInUse);
        own.ifPresent(trusted::add);
        for (String arn : trusted) {
            try {
                trust.add(privateCa.privateCaCertificate(arn));
            } catch (PrivateCaException e) {
                if (own.filter(arn::equals).isPresent()) {
                    throw e;
                }
                LOG.warn("trust bundle without {}: {}", arn, e.getMessage());
            }
        }
        return trust;
    }

    private static PKCS10CertificationRequest readRequest(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            if (parser.readObject() instanceof PKCS10CertificationRequest request) {
                return request;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("csr: not a PEM certificate request (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException(
                "csr: not a PEM certificate request (expected: -----BEGIN CERTIFICATE REQUEST-----)");
    }

    public String trustDomain() {
        return settings.trustDomain();
    }

    public Duration workloadCertificateTtl() {
        return settings.workloadCertificateTtl();
    }

    /** The CA certificates every proxy trusts. */
    public List<X509Certificate> trustBundle() {
        return trustBundle;
    }

    /** Where the signing CA comes from, for the start-up log. */
    public String describe() {
        return description;
    }
}
