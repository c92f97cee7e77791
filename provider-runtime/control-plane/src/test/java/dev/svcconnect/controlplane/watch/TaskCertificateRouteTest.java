package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.mesh.OpensslRequests;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.CertificateRequest;
import dev.svcconnect.model.watch.WorkloadCertificate;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.servicediscovery.model.Tag;

/**
 * {@code POST /watch/v1/tasks/{taskId}/certificate}: a sidecar's certificate request, signed with
 * its task's identities, for the task's own proxy key only; and the mutual TLS the task's proxy
 * configuration asks for, which the namespace's tag turns off.
 */
class TaskCertificateRouteTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();
    private String agent;
    private String task;
    private String proxy;

    @BeforeEach
    void startATaskOfAServiceConnectService() throws Exception {
        fixture = new ControlPlaneFixture(data);
        SdkClients.cluster(fixture.ecs, "east", "shop");
        SdkClients.taskDefinition(fixture.ecs, "web", "http", 8080, "http");
        String token = TestSigning.call(
                        fixture.server.endpoint(),
                        fixture.server.adminCredentials(),
                        "CreateJoinToken",
                        Json.mapper().createObjectNode().put("Cluster", "east").put("TtlSeconds", 600))
                .get("JoinToken")
                .asText();
        JsonNode host = json(send(
                "/watch/v1/hosts",
                "Bearer " + token,
                "{\"cluster\":\"east\",\"launchType\":\"FARGATE\",\"address\":\"10.0.0.1\"}"));
        agent = bearer(host);
        SdkClients.scService(fixture.ecs, "east", "web", "web", "http", "web-svc", "web.shop", 80, 1);
        String path = "/watch/v1/hosts/" + host.get("hostId").asText() + "/tasks?waitSeconds=0";
        String arn = json(get(path, agent)).at("/value/tasks/0/task/taskArn").asText();
        task = arn.substring(arn.lastIndexOf('/') + 1);
        proxy = bearer(json(send("/watch/v1/tasks/" + task + "/proxy-key", agent, "{}")));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> send(String path, String authorization, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve(path))
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve(path))
                        .header("Authorization", authorization)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static String bearer(JsonNode key) {
        return "Bearer " + key.get("accessKeyId").asText() + ":"
                + key.get("secretAccessKey").asText();
    }

    private String csr() throws Exception {
        return Json.mapper().writeValueAsString(new CertificateRequest(OpensslRequests.request(data, "ec")));
    }

    @Test
    void theTasksProxyGetsACertificateNamingItsServiceAndItsDiscoveryName() throws Exception {
        HttpResponse<String> response = send("/watch/v1/tasks/" + task + "/certificate", proxy, csr());

        WorkloadCertificate answer = Json.mapper()
                .readValue(json(response).toString(), WorkloadCertificate.class)
                .validate();
        assertThat(answer.identities())
                .containsExactly(
                        "spiffe://svc-connect.local/ns/shop/svc/web", "spiffe://svc-connect.local/ns/shop/svc/web-svc");
        List<X509Certificate> chain = certificates(answer.certificateChain());
        X509Certificate root = certificates(answer.trustBundle()).get(0);
        chain.get(chain.size() - 1).verify(root.getPublicKey());
        assertThat(answer.expiresAt())
                .isEqualTo(chain.get(0).getNotAfter().toInstant().getEpochSecond());
    }

    @Test
    void onlyTheTasksOwnProxyKeyMayAsk() throws Exception {
        String csr = csr();

        HttpResponse<String> byAgent = send("/watch/v1/tasks/" + task + "/certificate", agent, csr);
        HttpResponse<String> otherTask = send("/watch/v1/tasks/" + "f".repeat(32) + "/certificate", proxy, csr);

        assertThat(byAgent.statusCode()).isEqualTo(403);
        assertThat(byAgent.body()).contains("only the proxy key of task " + task + " may");
        assertThat(otherTask.statusCode()).isEqualTo(403);
    }

    @Test
    void aBadRequestIsRefusedNamingWhatIsWrong() throws Exception {
        HttpResponse<String> empty = send("/watch/v1/tasks/" + task + "/certificate", proxy, "{}");
        HttpResponse<String> rsa = send(
                "/watch/v1/tasks/" + task + "/certificate",
                proxy,
                Json.mapper().writeValueAsString(new CertificateRequest(OpensslRequests.request(data, "rsa:2048"))));

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("InvalidParameterException").contains("csr: is required");
        assertThat(rsa.statusCode()).isEqualTo(400);
        assertThat(rsa.body()).contains("csr: a RSA key (expected: an ECDSA P-256 key)");
    }

    @Test
    void mutualTlsIsOnByDefaultAndTheNamespaceTagTurnsItOff() throws Exception {
        String path = "/watch/v1/tasks/" + task + "/proxy-config?waitSeconds=0";
        JsonNode before = json(get(path, proxy)).get("value");
        assertThat(before.get("trustDomain").asText()).isEqualTo("svc-connect.local");
        assertThat(before.at("/listeners/0/mutualTls").asBoolean()).isTrue();

        String namespaceArn =
                fixture.cloudMap.listNamespaces().namespaces().get(0).arn();
        fixture.cloudMap.tagResource(r -> r.resourceARN(namespaceArn)
                .tags(Tag.builder()
                        .key("svc-connect:mutual-tls")
                        .value("disabled")
                        .build()));

        JsonNode after = json(get(path, proxy)).get("value");
        assertThat(after.get("listeners"))
                .allMatch(listener -> !listener.get("mutualTls").asBoolean());
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream()
                .map(X509Certificate.class::cast)
                .toList();
    }
}
