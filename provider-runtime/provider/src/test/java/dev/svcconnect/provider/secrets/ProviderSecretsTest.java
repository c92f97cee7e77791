package dev.svcconnect.provider.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.provider.ControlPlane;
import dev.svcconnect.provider.Events;
import dev.svcconnect.provider.ProviderException;
import dev.svcconnect.provider.ecs.HostFleetHandler;
import dev.svcconnect.testsupport.MotoServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The provider's secrets in moto's Secrets Manager against a running control plane: the handlers
 * sign with the admin key read from its secret, and a host fleet's join token is created and put
 * into the fleet's secret.
 */
class ProviderSecretsTest {

    @TempDir
    Path data;

    private MotoServer moto;
    private SecretsManagerClient client;
    private ControlPlaneServer server;

    @BeforeEach
    void start() {
        moto = MotoServer.start();
        client = newClient();
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
    }

    /** A client of moto's Secrets Manager (the handler closes the ones it is given). */
    private SecretsManagerClient newClient() {
        return SecretsManagerClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
        moto.close();
    }

    @Test
    void theHandlersSignWithTheAdminKeyOfTheSecretAndANewSecretIsAClearFailure() {
        String placeholder = client.createSecret(b -> b.name("admin").secretString("{\"placeholder\":\"x\"}"))
                .arn();
        ProviderSecrets secrets = new ProviderSecrets(client);

        assertThatThrownBy(() -> secrets.adminCredentials(placeholder))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining(
                        "SVC_CONNECT_ADMIN_SECRET: the secret " + placeholder + " holds no admin key yet");

        client.putSecretValue(b -> b.secretId(placeholder)
                .secretString(
                        "{\"accessKeyId\":\"" + server.adminCredentials().accessKeyId() + "\",\"secretAccessKey\":\""
                                + server.adminCredentials().secretAccessKey() + "\"}"));
        try (ControlPlane controlPlane =
                ControlPlane.connect(server.endpoint().toString(), secrets.adminCredentials(placeholder))) {
            controlPlane.ecs().createCluster(b -> b.clusterName("apps"));
            assertThat(controlPlane.ecs().listClusters().clusterArns()).hasSize(1);
        }
    }

    @Test
    void aHostFleetWithAJoinTokenSecretGetsATokenOfItsClusterPutThere() {
        String tokenSecret = client.createSecret(b -> b.name("hosts-token").secretString("{}"))
                .arn();
        try (ControlPlane controlPlane = ControlPlane.connect(
                server.endpoint().toString(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.adminCredentials().accessKeyId(),
                        server.adminCredentials().secretAccessKey())))) {
            controlPlane.ecs().createCluster(b -> b.clusterName("apps"));
            HostFleetHandler handler =
                    new HostFleetHandler(controlPlane.ecs(), controlPlane::api, () -> new ProviderSecrets(newClient()));

            handler.onEvent(dev.svcconnect.provider.ProviderEvent.fromMap(Events.create(
                    "Custom::SvcConnectHostFleet",
                    "Hosts",
                    Map.of("Cluster", "apps", "Count", "2", "JoinTokenSecret", tokenSecret))));

            String token = client.getSecretValue(b -> b.secretId(tokenSecret)).secretString();
            assertThat(token).matches("[a-z0-9]{8}\\.[a-z0-9]{32}");

            HostFleetHandler withoutApi =
                    new HostFleetHandler(controlPlane.ecs(), Optional::empty, () -> new ProviderSecrets(newClient()));
            assertThatThrownBy(() -> withoutApi.onEvent(dev.svcconnect.provider.ProviderEvent.fromMap(Events.create(
                            "Custom::SvcConnectHostFleet",
                            "Hosts",
                            Map.of("Cluster", "apps", "Count", "2", "JoinTokenSecret", tokenSecret)))))
                    .hasMessageContaining("JoinTokenSecret needs an svc-connect control plane endpoint");
        }
    }
}
