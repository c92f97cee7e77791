package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.tls.CertificateAuthority;
import dev.svcconnect.controlplane.tls.IssuedCertificate;
import dev.svcconnect.controlplane.tls.Pem;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.proxy.DynamicProxy;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import dev.svcconnect.testsupport.AwsCli;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.FreePorts;
import dev.svcconnect.testsupport.Programs;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The API over TLS: a CA generated under {@code DATA/tls/} at first start signs a server
 * certificate for the bind address, localhost and the allowed hosts; the AWS SDK, Debian's AWS CLI,
 * curl and openssl verify it with that CA, and refuse the server without it.
 */
class TlsTest {

    @TempDir
    Path data;

    @TempDir
    Path home;

    private ControlPlaneServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ControlPlaneServer start(TlsSettings tls) {
        server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(data)
                .tls(tls)
                .allowedHosts(List.of("cp.example.internal"))
                .build());
        return server;
    }

    private Path ca() {
        return server.caCertificate().orElseThrow();
    }

    @Test
    void aGeneratedCaSignsTheCertificateAndTheAwsSdkTrustingItCallsTheApi() {
        start(TlsSettings.generated());

        assertThat(server.endpoint().toString()).startsWith("https://127.0.0.1:");
        assertThat(ca()).isEqualTo(data.resolve("tls").resolve("ca.pem"));
        try (EcsClient ecs = ecs(Optional.of(CaBundle.read(ca())))) {
            ecs.createCluster(b -> b.clusterName("over-tls"));
            assertThat(ecs.listClusters().clusterArns()).hasSize(1);
        }
        try (EcsClient ecs = ecs(Optional.empty())) {
            assertThatThrownBy(ecs::listClusters)
                    .isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("PKIX path building failed");
        }
    }

    @Test
    void debiansAwsCliCallsTheApiWithCaBundleAndRefusesItWithout() {
        start(TlsSettings.generated());
        AwsCli cli = AwsCli.admin(server.endpoint(), home, data);

        assertThat(cli.ok("ecs", "list-clusters", "--ca-bundle", ca().toString()))
                .contains("\"clusterArns\": []");
        AwsCli.Result refused = cli.run("ecs", "list-clusters");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("CERTIFICATE_VERIFY_FAILED");
    }

    @Test
    void opensslShowsTheChainTheNamesAndHttp1OverAlpn() {
        start(TlsSettings.generated());
        String connect = "127.0.0.1:" + server.port();

        Programs.Result handshake = Programs.run(
                "openssl",
                "s_client",
                "-connect",
                connect,
                "-CAfile",
                ca().toString(),
                "-alpn",
                "http/1.1",
                "-showcerts");
        Programs.Result names = Programs.run(
                "sh",
                "-c",
                "openssl s_client -connect " + connect + " </dev/null 2>/dev/null"
                        + " | openssl x509 -noout -ext subjectAltName");

        assertThat(handshake.out())
                .contains(
                        " 0 s:O = svc-connect, CN = svc-connect control plane",
                        "   i:O = svc-connect, CN = svc-connect control plane CA",
                        " 1 s:O = svc-connect, CN = svc-connect control plane CA",
                        "ALPN protocol: http/1.1",
                        "Verify return code: 0 (ok)");
        assertThat(names.out())
                .contains(
                        "IP Address:127.0.0.1",
                        "DNS:localhost",
                        "IP Address:0:0:0:0:0:0:0:1",
                        "DNS:cp.example.internal");
    }

    @Test
    void curlWithoutTheCaIsRefusedAndWithItReachesEveryNameOfTheCertificate() {
        start(TlsSettings.generated());
        String port = String.valueOf(server.port());

        Curl.Result unverified = Curl.run(server.endpoint() + "/health");
        Curl.Result byAddress = Curl.run("--cacert", ca().toString(), server.endpoint() + "/health");
        Curl.Result byName = Curl.run(
                "--cacert",
                ca().toString(),
                "--resolve",
                "cp.example.internal:" + port + ":127.0.0.1",
                "https://cp.example.internal:" + port + "/health");
        Curl.Result plain = Curl.run("http://127.0.0.1:" + port + "/health");

        assertThat(unverified.exitCode()).isEqualTo(60);
        assertThat(unverified.err()).contains("self-signed certificate in certificate chain");
        assertThat(byAddress.out()).startsWith("{\"status\":\"ok\"");
        assertThat(byName.out()).startsWith("{\"status\":\"ok\"");
        assertThat(plain.exitCode())
                .as("plain HTTP to a TLS port gets no answer")
                .isNotZero();
    }

    @Test
    void theCaOfTheFirstStartSignsTheCertificatesOfTheNextStarts() throws Exception {
        start(TlsSettings.generated());
        String first = Files.readString(ca());
        server.close();

        start(TlsSettings.generated());

        assertThat(Files.readString(ca())).isEqualTo(first);
        assertThat(Curl.run("--cacert", ca().toString(), server.endpoint() + "/health")
                        .out())
                .startsWith("{\"status\":\"ok\"");
    }

    @Test
    void aCertificateAndKeyOfItsOwnAreServedAsGiven() throws Exception {
        CertificateAuthority own = CertificateAuthority.create("own CA", Duration.ofDays(1), Clock.systemUTC());
        IssuedCertificate issued = own.issue("own server", List.of("127.0.0.1"), Duration.ofDays(1));
        Path chain = home.resolve("server.pem");
        Path key = home.resolve("server-key.pem");
        Path caFile = home.resolve("own-ca.pem");
        Pem.writeCertificates(chain, issued.chain());
        Pem.writePrivateKey(key, issued.key());
        Pem.writeCertificates(caFile, List.of(own.certificate()));

        start(TlsSettings.files(chain, key));

        assertThat(server.caCertificate()).isEmpty();
        assertThat(Files.exists(data.resolve("tls"))).as("no CA is generated").isFalse();
        assertThat(Curl.run("--cacert", caFile.toString(), server.endpoint() + "/health")
                        .out())
                .startsWith("{\"status\":\"ok\"");
    }

    @Test
    void aHostRegistersAndASidecarFollowsItsConfigurationOverTls() throws Exception {
        start(TlsSettings.generated());
        CaBundle trust = CaBundle.read(ca());
        HttpClient http = CaBundle.httpClient(Optional.of(trust)).build();
        try (EcsClient ecs = ecs(Optional.of(trust))) {
            SdkClients.cluster(ecs, "tls", "shop");
            SdkClients.taskDefinition(ecs, "webui", "webui", 8080, "http");
            SdkClients.scService(ecs, "tls", "webui", "webui", "webui", "webui", "webui.shop", 80, 1);
            assertThat(post(http, "/watch/v1/hosts", "{\"cluster\":\"tls\",\"launchType\":\"FARGATE\"}"))
                    .contains("hostId");
            String taskArn = ecs.listTasks(b -> b.cluster("tls")).taskArns().get(0);
            String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
            int ingress = FreePorts.next();
            post(
                    http,
                    "/watch/v1/tasks/" + taskId + "/state",
                    "{\"lastStatus\":\"RUNNING\",\"address\":\"127.0.0.1\",\"ingressPorts\":{\"webui\":" + ingress
                            + "}}");

            // The sidecar's own key, as its agent gets it: only that key is given the task's certificate.
            JsonNode proxyKey = Json.mapper().readTree(post(http, "/watch/v1/tasks/" + taskId + "/proxy-key", "{}"));
            try (DynamicProxy proxy = DynamicProxy.follow(
                    ControlPlaneKey.with(
                            server.endpoint(),
                            proxyKey.get("accessKeyId").asText() + ":"
                                    + proxyKey.get("secretAccessKey").asText()),
                    Optional.of(trust),
                    taskId,
                    Proxy.builder().threads(1),
                    Duration.ofMillis(100),
                    DynamicProxy.METRICS_INTERVAL)) {
                assertThat(proxy.started()
                                .get(30, TimeUnit.SECONDS)
                                .listenerAddress("inbound-webui")
                                .getPort())
                        .isEqualTo(ingress);
            }
        }
    }

    /** POSTs JSON as the agent does; answers the body of a 200. */
    private String post(HttpClient http, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + adminKey())
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** {@code ACCESS_KEY_ID:SECRET} of the admin key, which every watch route accepts. */
    private String adminKey() {
        return server.adminCredentials().accessKeyId() + ":"
                + server.adminCredentials().secretAccessKey();
    }

    private EcsClient ecs(Optional<CaBundle> trust) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        trust.ifPresent(ca -> http.tlsTrustManagersProvider(() -> new TrustManager[] {ca.trustManager()}));
        return EcsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.adminCredentials().accessKeyId(),
                        server.adminCredentials().secretAccessKey())))
                .httpClient(http.build())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
