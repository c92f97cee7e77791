package dev.svcconnect.provider.secrets;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.ProviderException;
import java.io.IOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The provider's secrets in AWS Secrets Manager, read and written with the Lambda role's own
 * credentials (the only thing that role is for): the control plane's admin key, which every call
 * to the control plane is signed with, and the join token that a host fleet's instances read.
 *
 * <p>The admin secret is JSON {@code {"accessKeyId": ..., "secretAccessKey": ...}}, as the control
 * plane's instances put it at their first start.
 */
public final class ProviderSecrets implements AutoCloseable {

    /** The environment variable naming the admin key's secret (an ARN or name). */
    public static final String ADMIN_SECRET_VARIABLE = "SVC_CONNECT_ADMIN_SECRET";

    private final SecretsManagerClient client;

    /** Secrets read and written with {@code client}. */
    public ProviderSecrets(SecretsManagerClient client) {
        this.client = requireNonNull(client, "client");
    }

    /** A client of the Region in {@code AWS_REGION} (an {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} overrides its endpoint). */
    public static ProviderSecrets fromEnvironment() {
        return new ProviderSecrets(SecretsManagerClient.builder()
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
    }

    /** The admin key kept in {@code secretId}, or a failure that says what the secret lacks. */
    public AwsCredentialsProvider adminCredentials(String secretId) {
        String text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        JsonNode key;
        try {
            key = Json.mapper().readTree(text == null ? "" : text);
        } catch (IOException e) {
            key = null;
        }
        if (key == null
                || !key.path("accessKeyId").isTextual()
                || !key.path("secretAccessKey").isTextual()) {
            throw new ProviderException(ADMIN_SECRET_VARIABLE + ": the secret " + secretId
                    + " holds no admin key yet (expected: JSON with accessKeyId and secretAccessKey, put there"
                    + " by the control plane's instances when they start; check that they are running)");
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                key.get("accessKeyId").asText(), key.get("secretAccessKey").asText()));
    }

    /** Makes {@code token} the current value of {@code secretId}. */
    public void putJoinToken(String secretId, String token) {
        client.putSecretValue(b -> b.secretId(secretId).secretString(token));
    }

    @Override
    public void close() {
        client.close();
    }
}
