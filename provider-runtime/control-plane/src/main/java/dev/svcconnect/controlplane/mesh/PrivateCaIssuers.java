package dev.svcconnect.controlplane.mesh;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.tls.CertificateAuthority;
import dev.svcconnect.controlplane.tls.Pem;
import dev.svcconnect.model.tls.KeyPairs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.AcmPcaClientBuilder;
import software.amazon.awssdk.services.acmpca.model.GetCertificateAuthorityCertificateResponse;
import software.amazon.awssdk.services.acmpca.model.GetCertificateRequest;
import software.amazon.awssdk.services.acmpca.model.GetCertificateResponse;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * The subordinate CAs this control plane holds under AWS Private CAs, one per private CA ARN that
 * a service's {@code tls} block names: obtained at first use ({@code IssueCertificate} with the
 * {@code SubordinateCACertificate_PathLen0/V1} template, then {@code GetCertificate}), kept under
 * {@code DATA/mesh-ca/aws-private-ca/}, renewed before they expire. Thread-safe.
 *
 * <pre>{@code
 * PrivateCaIssuers pca = new PrivateCaIssuers(data, PrivateCaSettings.defaults(), Duration.ofHours(24), clock);
 * CertificateAuthority signer = pca.signer("arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/...");
 * }</pre>
 */
public final class PrivateCaIssuers implements AutoCloseable {

    /** The directory under the mesh CA's. */
    public static final String DIRECTORY = "aws-private-ca";

    private static final Logger LOG = LoggerFactory.getLogger(PrivateCaIssuers.class);

    private final Path directory;
    private final PrivateCaSettings settings;
    private final Duration workloadTtl;
    private final Clock clock;
    private final Map<String, AcmPcaClient> clients = new HashMap<>();
    private final Map<String, PrivateCaSubordinate> subordinates = new HashMap<>();
    private final Map<String, X509Certificate> caCertificates = new HashMap<>();

    public PrivateCaIssuers(Path dataDirectory, PrivateCaSettings settings, Duration workloadTtl, Clock clock) {
        this.directory = dataDirectory.resolve(MeshCa.DIRECTORY).resolve(DIRECTORY);
        this.settings = requireNonNull(settings, "settings");
        this.workloadTtl = requireNonNull(workloadTtl, "workloadTtl");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * The subordinate CA under the private CA {@code arn}, obtained or renewed now if needed.
     *
     * @throws PrivateCaException naming the ARN and the AWS error when ACM PCA fails
     */
    public synchronized CertificateAuthority signer(String arn) {
        return subordinate(arn).authority();
    }

    /**
     * The certificate of the private CA {@code arn}, which every proxy trusts beside the mesh root.
     *
     * @throws PrivateCaException naming the ARN and the AWS error when ACM PCA fails
     */
    public synchronized X509Certificate privateCaCertificate(String arn) {
        PrivateCaSubordinate known = subordinates.get(arn);
        if (known != null) {
            return known.privateCaCertificate();
        }
        X509Certificate cached = caCertificates.get(arn);
        if (cached == null) {
            cached = fetchCaCertificate(arn, client(arn));
            caCertificates.put(arn, cached);
        }
        return cached;
    }

    private static X509Certificate fetchCaCertificate(String arn, AcmPcaClient client) {
        GetCertificateAuthorityCertificateResponse ca = call(
                arn,
                "GetCertificateAuthorityCertificate",
                () -> client.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)));
        return firstCertificate(arn, "GetCertificateAuthorityCertificate", ca.certificate());
    }

    private PrivateCaSubordinate subordinate(String arn) {
        PrivateCaSubordinate current = subordinates.get(arn);
        Path home = directory.resolve(directoryName(arn));
        if (current == null) {
            try {
                current = PrivateCaSubordinate.load(home, clock);
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "AWS Private CA {}: the subordinate kept in {} is unreadable ({}); obtaining another",
                        arn,
                        home,
                        e.getMessage());
            }
        }
        if (current == null || current.needsRenewal(clock.instant(), workloadTtl)) {
            current = obtain(arn);
            try {
                current.store(home);
            } catch (IOException e) {
                throw new PrivateCaException(
                        "AWS Private CA " + arn + ": cannot keep the subordinate CA in " + home + ": " + e.getMessage(),
                        e);
            }
            LOG.info(
                    "AWS Private CA {}: subordinate CA certified until {}",
                    arn,
                    current.authority().certificate().getNotAfter().toInstant());
        }
        subordinates.put(arn, current);
        return current;
    }

    private PrivateCaSubordinate obtain(String arn) {
        AcmPcaClient client = client(arn);
        X509Certificate caCertificate = fetchCaCertificate(arn, client);
        KeyPair pair = KeyPairs.ecP256();
        String csr = PrivateCaSubordinate.certificateRequest(pair, "svc-connect subordinate of " + arn);
        String certificateArn = call(
                arn,
                "IssueCertificate",
                () -> client.issueCertificate(r -> r.certificateAuthorityArn(arn)
                                .csr(SdkBytes.fromString(csr, StandardCharsets.US_ASCII))
                                .signingAlgorithm(signingAlgorithm(caCertificate))
                                .templateArn("arn:" + field(arn, 1)
                                        + ":acm-pca:::template/SubordinateCACertificate_PathLen0/V1")
                                .validity(v -> v.type(ValidityPeriodType.DAYS)
                                        .value(settings.subordinateValidity().toDays())))
                        .certificateArn());
        GetCertificateRequest get = GetCertificateRequest.builder()
                .certificateAuthorityArn(arn)
                .certificateArn(certificateArn)
                .build();
        call(
                arn,
                "GetCertificate (waiting for " + certificateArn + ")",
                () -> client.waiter().waitUntilCertificateIssued(get));
        GetCertificateResponse issued = call(arn, "GetCertificate", () -> client.getCertificate(get));
        X509Certificate certificate = firstCertificate(arn, "GetCertificate", issued.certificate());
        if (!certificate.getPublicKey().equals(pair.getPublic())) {
            throw new PrivateCaException(
                    "AWS Private CA " + arn + ": " + certificateArn + " certifies another key than the request's",
                    null);
        }
        return new PrivateCaSubordinate(CertificateAuthority.of(certificate, pair.getPrivate(), clock), caCertificate);
    }

    /** The first certificate of what {@code operation} answered; a PrivateCaException if it holds none. */
    private static X509Certificate firstCertificate(String arn, String operation, String pem) {
        try {
            return Pem.parseCertificates(pem, "AWS Private CA " + arn + ": " + operation)
                    .get(0);
        } catch (IllegalArgumentException e) {
            throw new PrivateCaException(e.getMessage(), e);
        }
    }

    /** The algorithm the private CA signs with, from its own key (no DescribeCertificateAuthority needed). */
    private static SigningAlgorithm signingAlgorithm(X509Certificate caCertificate) {
        return "EC".equals(caCertificate.getPublicKey().getAlgorithm())
                ? SigningAlgorithm.SHA256_WITHECDSA
                : SigningAlgorithm.SHA256_WITHRSA;
    }

    private static <T> T call(String arn, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw new PrivateCaException(
                    "AWS Private CA " + arn + ": " + operation + " failed: "
                            + e.awsErrorDetails().errorCode() + ": "
                            + e.awsErrorDetails().errorMessage(),
                    e);
        } catch (SdkException e) {
            throw new PrivateCaException("AWS Private CA " + arn + ": " + operation + " failed: " + e.getMessage(), e);
        }
    }

    private AcmPcaClient client(String arn) {
        String region = field(arn, 3);
        return clients.computeIfAbsent(region, name -> {
            AcmPcaClientBuilder builder =
                    AcmPcaClient.builder().region(Region.of(name)).httpClient(UrlConnectionHttpClient.create());
            settings.endpoint().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** Field {@code index} of {@code arn:PARTITION:acm-pca:REGION:ACCOUNT:certificate-authority/ID}. */
    private static String field(String arn, int index) {
        String[] fields = arn.split(":", 6);
        if (fields.length < 6 || !fields[0].equals("arn") || !fields[2].equals("acm-pca") || fields[index].isEmpty()) {
            throw new PrivateCaException(
                    "awsPcaAuthorityArn: '" + arn
                            + "' (expected: arn:PARTITION:acm-pca:REGION:ACCOUNT:certificate-authority/ID)",
                    null);
        }
        return fields[index];
    }

    /** The ARN's last part, then a digest of the whole, so that two ARNs never share a directory. */
    private static String directoryName(String arn) {
        String id = arn.substring(arn.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9-]", "_");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            return id + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private CA ARNs whose subordinate this control plane holds now. */
    public synchronized List<String> known() {
        return List.copyOf(subordinates.keySet());
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(AcmPcaClient::close);
        clients.clear();
    }
}
