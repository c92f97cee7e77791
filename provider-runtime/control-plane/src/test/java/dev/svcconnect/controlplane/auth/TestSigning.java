package dev.svcconnect.controlplane.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs the raw requests of tests that speak HTTP to the control plane directly. */
public final class TestSigning {

    private TestSigning() {}

    /** {@code Bearer ACCESS_KEY_ID:SECRET}, the watch routes' authorization. */
    public static String bearer(AccessKey key) {
        return "Bearer " + key.bearerToken();
    }

    /** Adds the SigV4 headers of an AWS JSON call of {@code target} ({@code Prefix.Operation}) to {@code builder}. */
    public static HttpRequest.Builder signAws(
            HttpRequest.Builder builder, URI uri, String target, String body, AccessKey key, String signingName) {
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(uri)
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("X-Amz-Target", target)
                                .build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                .request();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")
                    && !name.equalsIgnoreCase("Content-Type")
                    && !name.equalsIgnoreCase("X-Amz-Target")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder;
    }

    /** The signing name of a target such as {@code AmazonEC2ContainerServiceV20141113.ListClusters}. */
    public static String signingNameOf(String target) {
        int dot = target.indexOf('.');
        return SigningNames.of(dot < 0 ? target : target.substring(0, dot)).orElse("ecs");
    }

    /** An error answer of {@link #call}. */
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

    /** Calls an operation of svc-connect's own API, signed with {@code key}; answers its JSON. */
    public static com.fasterxml.jackson.databind.JsonNode call(
            URI endpoint, AccessKey key, String operation, com.fasterxml.jackson.databind.node.ObjectNode request) {
        return call(java.net.http.HttpClient.newHttpClient(), endpoint, key, operation, request);
    }

    /** As the other {@code call}, through {@code http} (one that trusts an {@code https://} endpoint's CA). */
    public static com.fasterxml.jackson.databind.JsonNode call(
            java.net.http.HttpClient http,
            URI endpoint,
            AccessKey key,
            String operation,
            com.fasterxml.jackson.databind.node.ObjectNode request) {
        String target = SigningNames.SVC_CONNECT_TARGET + "." + operation;
        String body = request.toString();
        URI uri = endpoint.resolve("/");
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signAws(builder, uri, target, body, key, SigningNames.SVC_CONNECT);
        try {
            var response = http.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            var answer = dev.svcconnect.model.Json.mapper().readTree(response.body());
            if (response.statusCode() != 200) {
                throw new CallException(
                        answer.path("__type").asText(), answer.path("message").asText());
            }
            return answer;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
