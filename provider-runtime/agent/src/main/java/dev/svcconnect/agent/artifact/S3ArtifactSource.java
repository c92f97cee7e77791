package dev.svcconnect.agent.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link ArtifactSource#s3()}: one client, made at the first artifact. */
final class S3ArtifactSource implements ArtifactSource {

    private S3Client client;

    @Override
    public InputStream open(Artifact artifact) throws IOException {
        try {
            return client().getObject(b -> b.bucket(artifact.bucket()).key(artifact.key()));
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new IOException("no such object in S3 (" + e.awsErrorDetails().errorCode() + ")", e);
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private synchronized S3Client client() {
        if (client == null) {
            S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create());
            String endpoint = firstSet("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
            if (endpoint != null) {
                builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
            }
            client = builder.build();
        }
        return client;
    }

    private static String firstSet(String... variables) {
        for (String variable : variables) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
