package dev.svcconnect.controlplane.server;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** A control plane on a free port with a fresh data directory, and AWS SDK clients pointed at it. */
public final class ControlPlaneFixture implements AutoCloseable {

    public final ControlPlaneServer server;
    public final EcsClient ecs;
    public final ServiceDiscoveryClient cloudMap;
    public final SsmClient ssm;

    public ControlPlaneFixture(Path data) {
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
        ecs = ecs(server.endpoint());
        cloudMap = cloudMap(server.endpoint());
        ssm = ssm(server.endpoint());
    }

    public static EcsClient ecs(URI endpoint) {
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    public static ServiceDiscoveryClient cloudMap(URI endpoint) {
        return ServiceDiscoveryClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    public static SsmClient ssm(URI endpoint) {
        return SsmClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
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
