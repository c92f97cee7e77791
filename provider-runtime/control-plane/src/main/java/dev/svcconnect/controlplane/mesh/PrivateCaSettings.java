package dev.svcconnect.controlplane.mesh;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the control plane uses AWS Private CA ({@code --aws-private-ca}): for a Service Connect
 * service whose {@code tls.issuerCertificateAuthority.awsPcaAuthorityArn} names a private CA, it
 * obtains a subordinate CA certificate from that CA and signs the service's workload certificates
 * with it. Off unless set; the local engine and the demo keep the mesh CA alone.
 *
 * @param endpoint where ACM PCA calls go instead of the Region's endpoint (an emulator); empty for
 *     the SDK's own choice, which also reads {@code AWS_ENDPOINT_URL_ACM_PCA}
 * @param subordinateValidity how long each subordinate CA certificate is asked to live; renewed
 *     when a third of it is left; default {@link #DEFAULT_SUBORDINATE_VALIDITY}
 */
public record PrivateCaSettings(Optional<URI> endpoint, Duration subordinateValidity) {

    public static final Duration DEFAULT_SUBORDINATE_VALIDITY = Duration.ofDays(30);
    /** The shortest subordinate life: ACM PCA counts validity in whole days. */
    public static final Duration MIN_SUBORDINATE_VALIDITY = Duration.ofDays(1);

    public PrivateCaSettings {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(subordinateValidity, "subordinateValidity");
        endpoint.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException(
                        "--aws-private-ca-endpoint: '" + uri + "' (expected: an http:// or https:// URL)");
            }
        });
        if (subordinateValidity.compareTo(MIN_SUBORDINATE_VALIDITY) < 0 || subordinateValidity.toHours() % 24 != 0) {
            throw new IllegalArgumentException("subordinateValidity: " + subordinateValidity
                    + " (expected: whole days, at least " + MIN_SUBORDINATE_VALIDITY.toDays() + ")");
        }
    }

    /** The Region's endpoint (or {@code AWS_ENDPOINT_URL_ACM_PCA}), 30-day subordinates. */
    public static PrivateCaSettings defaults() {
        return new PrivateCaSettings(Optional.empty(), DEFAULT_SUBORDINATE_VALIDITY);
    }

    /** A copy whose ACM PCA calls go to {@code uri}. */
    public PrivateCaSettings withEndpoint(URI uri) {
        return new PrivateCaSettings(Optional.of(uri), subordinateValidity);
    }
}
