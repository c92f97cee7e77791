package dev.svcconnect.provider;

import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.provider.secrets.ProviderSecrets;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The ECS and Cloud Map clients that the handlers call, pointed at one endpoint: the svc-connect
 * control plane ({@code http://127.0.0.1:7700} by default), or the region's real Amazon ECS and
 * AWS Cloud Map endpoints when the endpoint is empty.
 *
 * <p>Every call is bounded: 5 s to connect, 30 s to read, 60 s per call including the SDK's
 * retries, so that a handler never hangs on an unreachable control plane.
 */
public final class ControlPlane implements AutoCloseable {

    /** The environment variable that the handlers read the endpoint from. */
    public static final String ENDPOINT_VARIABLE = "SVC_CONNECT_ENDPOINT";
    /** The endpoint used when {@value #ENDPOINT_VARIABLE} is not set. */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:7700";

    private final String endpoint;
    private final int replicas;
    private final EcsClient ecs;
    private final ServiceDiscoveryClient cloudMap;
    private final Supplier<SvcConnectApi> svcConnect;

    private ControlPlane(
            String endpoint,
            int replicas,
            EcsClient ecs,
            ServiceDiscoveryClient cloudMap,
            Supplier<SvcConnectApi> svcConnect) {
        this.endpoint = endpoint;
        this.replicas = replicas;
        this.ecs = ecs;
        this.cloudMap = cloudMap;
        this.svcConnect = svcConnect;
    }

    /**
     * Clients for the endpoint in {@value #ENDPOINT_VARIABLE}, {@value #DEFAULT_ENDPOINT} if unset.
     * When {@value ProviderSecrets#ADMIN_SECRET_VARIABLE} names a Secrets Manager secret (as the
     * provider's Lambda functions on AWS have), they sign with the admin key kept there, never
     * with the Lambda role's own credentials; else with the SDK's standard credentials chain.
     */
    public static ControlPlane fromEnvironment() {
        String endpoint = System.getenv(ENDPOINT_VARIABLE);
        String adminSecret = System.getenv(ProviderSecrets.ADMIN_SECRET_VARIABLE);
        if (adminSecret == null || adminSecret.isBlank()) {
            return connect(endpoint == null ? DEFAULT_ENDPOINT : endpoint);
        }
        try (ProviderSecrets secrets = ProviderSecrets.fromEnvironment()) {
            return connect(endpoint == null ? DEFAULT_ENDPOINT : endpoint, secrets.adminCredentials(adminSecret));
        }
    }

    /**
     * Clients for {@code endpoint}, an {@code http(s)://host:port} URL, or several separated by
     * commas (the replicas of a highly available control plane: a call that gets no answer or a
     * server error moves the next one to the next replica); empty means the region's AWS endpoints.
     * They sign with the SDK's standard credentials chain (environment variables, profile files,
     * ...). An {@code https://} endpoint's certificate is verified against the CA bundle that
     * {@value CaBundle#ENVIRONMENT_VARIABLE} names, as the AWS CLI does, else the JDK's CAs.
     */
    public static ControlPlane connect(String endpoint) {
        return connect(endpoint, DefaultCredentialsProvider.builder().build());
    }

    /**
     * The standard credentials chain when the environment names credentials
     * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_PROFILE} or {@code AWS_SHARED_CREDENTIALS_FILE}),
     * else {@code fallback}: how the local engine signs with its environment's admin key unless
     * told otherwise.
     */
    public static AwsCredentialsProvider environmentOr(AwsCredentialsProvider fallback) {
        boolean named = System.getenv("AWS_ACCESS_KEY_ID") != null
                || System.getenv("AWS_PROFILE") != null
                || System.getenv("AWS_SHARED_CREDENTIALS_FILE") != null;
        return named ? DefaultCredentialsProvider.builder().build() : fallback;
    }

    /** Clients for {@code endpoint} that sign with {@code credentials}. */
    public static ControlPlane connect(String endpoint, AwsCredentialsProvider credentials) {
        return connect(endpoint, credentials, CaBundle.choose(null));
    }

    /**
     * Clients for {@code endpoint} that sign with {@code credentials} and verify an {@code https://}
     * endpoint against {@code caBundle}.
     */
    public static ControlPlane connect(
            String endpoint, AwsCredentialsProvider credentials, Optional<CaBundle> caBundle) {
        String trimmed = endpoint == null ? "" : endpoint.trim();
        ControlPlaneEndpoints replicas = trimmed.contains(",") ? replicas(trimmed) : null;
        URI uri = trimmed.isEmpty() ? null : replicas != null ? replicas.current() : parse(trimmed);
        Region region = Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(60))
                .apiCallAttemptTimeout(Duration.ofSeconds(30));
        if (replicas != null) {
            overrides.addExecutionInterceptor(new ReplicaFailover(replicas));
        }
        ClientOverrideConfiguration timeouts = overrides.build();
        var ecs = EcsClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(httpClient(caBundle))
                .overrideConfiguration(timeouts);
        var cloudMap = ServiceDiscoveryClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(httpClient(caBundle))
                .overrideConfiguration(timeouts);
        if (uri != null) {
            ecs.endpointOverride(uri);
            cloudMap.endpointOverride(uri);
        }
        return new ControlPlane(
                uri == null ? "AWS (" + region.id() + ")" : trimmed,
                replicas == null ? 1 : replicas.all().size(),
                ecs.build(),
                cloudMap.build(),
                uri == null ? null : () -> SvcConnectApi.of(uri, credentials, caBundle));
    }

    /**
     * svc-connect's own API on the same endpoint and credentials (join tokens, keys); empty when
     * the endpoint is the region's AWS services, which have no such API.
     */
    public Optional<SvcConnectApi> api() {
        return svcConnect == null ? Optional.empty() : Optional.of(svcConnect.get());
    }

    /** How many control plane replicas the clients fail over among; 1 for one endpoint. */
    public int replicas() {
        return replicas;
    }

    /** How messages name the endpoint. */
    public String endpoint() {
        return endpoint;
    }

    /** The ECS client. */
    public EcsClient ecs() {
        return ecs;
    }

    /** The Cloud Map client. */
    public ServiceDiscoveryClient cloudMap() {
        return cloudMap;
    }

    /** A client of svc-connect's own API ({@code SvcConnect_20261201}) at the same endpoint, with the same credentials. */
    public SvcConnectApi svcConnect() {
        return api().orElseThrow(() -> new ProviderException("svc-connect's own API (access policies) needs a"
                + " svc-connect control plane: set " + ENDPOINT_VARIABLE + " to its URL"));
    }

    @Override
    public void close() {
        ecs.close();
        cloudMap.close();
    }

    private static UrlConnectionHttpClient.Builder httpClient(Optional<CaBundle> caBundle) {
        UrlConnectionHttpClient.Builder builder = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30));
        caBundle.ifPresent(
                bundle -> builder.tlsTrustManagersProvider(() -> new TrustManager[] {bundle.trustManager()}));
        return builder;
    }

    private static ControlPlaneEndpoints replicas(String endpoints) {
        try {
            return ControlPlaneEndpoints.parse(ENDPOINT_VARIABLE, endpoints);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(e.getMessage());
        }
    }

    private static URI parse(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the expected form
        }
        throw new ProviderException(ENDPOINT_VARIABLE + ": '" + endpoint
                + "' (expected: an http:// or https:// URL such as " + DEFAULT_ENDPOINT + ", or empty for AWS)");
    }
}
