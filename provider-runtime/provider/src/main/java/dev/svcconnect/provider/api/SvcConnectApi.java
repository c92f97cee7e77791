package dev.svcconnect.provider.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.tls.CaBundle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A client of svc-connect's own API ({@value #TARGET_PREFIX}, signing name {@value #SIGNING_NAME}), signing each call
 * with the AWS SDK's SigV4 signer: what {@code svc-connect credentials} and {@code join-token}
 * and the local engine call.
 *
 * <pre>{@code
 * SvcConnectApi client = new SvcConnectApi(endpoint, "us-east-1", adminKeyId, adminSecret);
 * ObjectNode key = client.call("CreateAccessKey", Json.object("Role", "reader", "Name", "ci"));
 * }</pre>
 */
public final class SvcConnectApi {

    /** The API's target prefix. */
    public static final String TARGET_PREFIX = "SvcConnect_20261201";
    /** The API's SigV4 signing name. */
    public static final String SIGNING_NAME = "svc-connect";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsIdentity identity;
    private final HttpClient http;

    public SvcConnectApi(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        this(endpoint, region, accessKeyId, secretAccessKey, CaBundle.choose(null));
    }

    /** As the other constructor, verifying an {@code https://} endpoint against {@code caBundle}. */
    public SvcConnectApi(
            URI endpoint, String region, String accessKeyId, String secretAccessKey, Optional<CaBundle> caBundle) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.region = requireNonNull(region, "region");
        this.identity = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
        this.http = CaBundle.httpClient(caBundle)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A client that signs with what {@code credentials} resolves to, in the region of {@code AWS_REGION} (default us-east-1). */
    public static SvcConnectApi of(
            URI endpoint, software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return of(endpoint, credentials, CaBundle.choose(null));
    }

    /** As {@link #of(URI, software.amazon.awssdk.auth.credentials.AwsCredentialsProvider)}, verifying TLS against {@code caBundle}. */
    public static SvcConnectApi of(
            URI endpoint,
            software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials,
            Optional<CaBundle> caBundle) {
        var resolved = credentials.resolveCredentials();
        return new SvcConnectApi(
                endpoint,
                System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
                resolved.accessKeyId(),
                resolved.secretAccessKey(),
                caBundle);
    }

    /** An error answer: its AWS error type and message. */
    public static final class CallException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        CallException(String type, String message) {
            super(type + ": " + message);
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    /** Calls {@code operation} with {@code request}; answers its JSON. */
    public ObjectNode call(String operation, ObjectNode request) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        URI uri = endpoint.resolve("/");
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(identity)
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(uri)
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("X-Amz-Target", TARGET_PREFIX + "." + operation)
                                .build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request();
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reach the control plane at " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode answer;
        try {
            answer = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new CallException("ServerException", "HTTP " + response.statusCode() + ", not JSON");
        }
        if (response.statusCode() != 200) {
            throw new CallException(
                    answer.path("__type").asText("HTTP " + response.statusCode()),
                    answer.path("message").asText(""));
        }
        return (ObjectNode) answer;
    }
}
