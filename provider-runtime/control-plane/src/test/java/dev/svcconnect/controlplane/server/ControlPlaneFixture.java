package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.AdminCredentialsFile;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A control plane on a free port with a fresh data directory, and AWS SDK clients pointed at it
 * that sign with its admin key.
 */
public final class ControlPlaneFixture implements AutoCloseable {

    public final ControlPlaneServer server;
    public final AwsCredentialsProvider credentials;
    public final EcsClient ecs;
    public final ServiceDiscoveryClient cloudMap;
    public final SsmClient ssm;

    public ControlPlaneFixture(Path data) {
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
        credentials = provider(server.adminCredentials());
        ecs = ecs(server.endpoint(), credentials);
        cloudMap = cloudMap(server.endpoint(), credentials);
        ssm = ssm(server.endpoint(), credentials);
    }

    /** Signs with {@code key}. */
    public static AwsCredentialsProvider provider(AccessKey key) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    /** Signs with the admin key a control plane wrote to {@code DATA/admin-credentials}. */
    public static AwsCredentialsProvider adminOf(Path data) {
        return ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder()
                        .content(data.resolve(AdminCredentialsFile.FILE_NAME))
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build())
                .profileName(AdminCredentialsFile.PROFILE)
                .build();
    }

    public static EcsClient ecs(URI endpoint, AwsCredentialsProvider credentials) {
        return ecs(endpoint, credentials, Region.US_EAST_1);
    }

    /** An ECS client that signs for {@code region}: the region of its calls. */
    public static EcsClient ecs(URI endpoint, AwsCredentialsProvider credentials, Region region) {
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    public static ServiceDiscoveryClient cloudMap(URI endpoint, AwsCredentialsProvider credentials) {
        return cloudMap(endpoint, credentials, Region.US_EAST_1);
    }

    /** A Cloud Map client that signs for {@code region}: the region of its calls. */
    public static ServiceDiscoveryClient cloudMap(URI endpoint, AwsCredentialsProvider credentials, Region region) {
        return ServiceDiscoveryClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    public static SsmClient ssm(URI endpoint, AwsCredentialsProvider credentials) {
        return SsmClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @Override
    public void close() {
        ssm.close();
        ecs.close();
        cloudMap.close();
        server.close();
    }
}
