package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.AuditLog;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import dev.svcconnect.model.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch routes' keys and scopes: agents join with a join token and act only for their host
 * and its tasks; a sidecar's key reads only its own task; refusals are 403s in the audit log.
 */
class WatchAccessTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        SdkClients.cluster(fixture.ecs, "east", "shop");
        SdkClients.taskDefinition(fixture.ecs, "web", "http", 8080, "http");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        fixture.server.endpoint().resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String joinToken(String cluster, int ttlSeconds) {
        return TestSigning.call(
                        fixture.server.endpoint(),
                        fixture.server.adminCredentials(),
                        "CreateJoinToken",
                        Json.mapper().createObjectNode().put("Cluster", cluster).put("TtlSeconds", ttlSeconds))
                .get("JoinToken")
                .asText();
    }

    /** Registers a new host with a join token; answers {hostId, accessKeyId, secretAccessKey, ...}. */
    private JsonNode join(String token) throws Exception {
        HttpResponse<String> response =
                send("POST", "/watch/v1/hosts", "Bearer " + token, "{\"cluster\":\"east\",\"address\":\"10.0.0.1\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static String bearer(JsonNode key) {
        return "Bearer " + key.get("accessKeyId").asText() + ":"
                + key.get("secretAccessKey").asText();
    }

    @Test
    void anAgentJoinsWithATokenAndActsOnlyForItsOwnHost() throws Exception {
        String token = joinToken("east", 600);
        JsonNode a = join(token);
        JsonNode b = join(token);
        assertThat(a.get("accessKeyId").asText()).startsWith("SVCC");
        String hostA = a.get("hostId").asText();
        String hostB = b.get("hostId").asText();

        assertThat(send("POST", "/watch/v1/hosts/" + hostA + "/heartbeat", bearer(a), "{}")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> other = send("GET", "/watch/v1/hosts/" + hostB + "/tasks?waitSeconds=0", bearer(a), "");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body())
                .contains("AccessDeniedException")
                .contains("agent of host " + hostA)
                .contains("its own host");
        assertThat(send("GET", "/watch/v1/hosts/" + hostA + "/tasks?waitSeconds=0", null, "")
                        .body())
                .contains("MissingAuthenticationTokenException");
    }

    @Test
    void aBadOrExpiredJoinTokenOrAnotherClustersIsRefused() throws Exception {
        HttpResponse<String> bad =
                send("POST", "/watch/v1/hosts", "Bearer abcdefgh.nottherightsecret", "{\"cluster\":\"east\"}");
        assertThat(bad.statusCode()).isEqualTo(403);
        assertThat(bad.body()).contains("UnrecognizedClientException").contains("unknown or has expired");
        String token = joinToken("east", 600);
        String forged = token.substring(0, token.indexOf('.') + 1) + "x".repeat(32);
        assertThat(send("POST", "/watch/v1/hosts", "Bearer " + forged, "{\"cluster\":\"east\"}")
                        .statusCode())
                .isEqualTo(403);
        SdkClients.cluster(fixture.ecs, "west", "shop");
        assertThat(send("POST", "/watch/v1/hosts", "Bearer " + token, "{\"cluster\":\"west\"}")
                        .body())
                .contains("AccessDeniedException")
                .contains("joins cluster 'east', not 'west'");
        String audit = Files.readString(data.resolve(AuditLog.FILE_NAME));
        assertThat(audit)
                .contains("\"outcome\":\"UnrecognizedClientException\"")
                .doesNotContain("nottherightsecret");
    }

    @Test
    void aHostIdCannotBeTakenOverWithAJoinTokenButItsOwnKeyRegistersItAgain() throws Exception {
        String token = joinToken("east", 600);
        JsonNode a = join(token);
        String hostA = a.get("hostId").asText();
        String takeover = "{\"cluster\":\"east\",\"hostId\":\"" + hostA + "\"}";
        HttpResponse<String> refused = send("POST", "/watch/v1/hosts", "Bearer " + token, takeover);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("bound to another agent's key");
        JsonNode b = join(token);
        assertThat(send("POST", "/watch/v1/hosts", bearer(b), takeover).statusCode())
                .isEqualTo(403);
        HttpResponse<String> again = send("POST", "/watch/v1/hosts", bearer(a), takeover);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(again.body()).has("accessKeyId")).isFalse();
    }

    @Test
    void aSidecarKeyOfOneTaskCannotReadOrPushAnother() throws Exception {
        String token = joinToken("east", 600);
        String fargate = "{\"cluster\":\"east\",\"launchType\":\"FARGATE\",\"address\":\"10.0.0.1\"}";
        JsonNode agentA = Json.mapper()
                .readTree(send("POST", "/watch/v1/hosts", "Bearer " + token, fargate)
                        .body());
        JsonNode agentB = Json.mapper()
                .readTree(send("POST", "/watch/v1/hosts", "Bearer " + token, fargate)
                        .body());
        SdkClients.scService(fixture.ecs, "east", "web", "web", "http", "web", "web.shop", 80, 2);
        String taskA = onlyTask(agentA);
        String taskB = onlyTask(agentB);
        HttpResponse<String> issued = send("POST", "/watch/v1/tasks/" + taskA + "/proxy-key", bearer(agentA), "{}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String proxyA = bearer(Json.mapper().readTree(issued.body()));
        assertThat(send("POST", "/watch/v1/tasks/" + taskB + "/proxy-key", bearer(agentA), "{}")
                        .statusCode())
                .isEqualTo(403);

        assertThat(send("GET", "/watch/v1/tasks/" + taskA + "/proxy-config?waitSeconds=0", proxyA, "")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> config =
                send("GET", "/watch/v1/tasks/" + taskB + "/proxy-config?waitSeconds=0", proxyA, "");
        assertThat(config.statusCode()).isEqualTo(403);
        assertThat(config.body()).contains("proxy of task " + taskA);
        assertThat(send("POST", "/watch/v1/tasks/" + taskB + "/metrics", proxyA, "{}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/watch/v1/tasks/" + taskA + "/state", proxyA, "{\"lastStatus\":\"RUNNING\"}")
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> stopped = send(
                "POST",
                "/watch/v1/tasks/" + taskA + "/state",
                bearer(agentA),
                "{\"lastStatus\":\"STOPPED\",\"exitCode\":0}");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        assertThat(send("GET", "/watch/v1/tasks/" + taskA + "/proxy-config?waitSeconds=0", proxyA, "")
                        .body())
                .contains("UnrecognizedClientException");
    }

    private String onlyTask(JsonNode agent) throws Exception {
        String path = "/watch/v1/hosts/" + agent.get("hostId").asText() + "/tasks?waitSeconds=0";
        JsonNode tasks = Json.mapper()
                .readTree(send("GET", path, bearer(agent), "").body())
                .path("value")
                .path("tasks");
        assertThat(tasks).hasSize(1);
        return id(tasks.get(0));
    }

    private static String id(JsonNode assignment) {
        String arn = assignment.path("task").path("taskArn").asText();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
