package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the route table answers over HTTP: a known path with another method is 405 with Allow, any other path 404. */
class RoutesOverHttpTest {

    @TempDir
    static Path data;

    private static ControlPlaneServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(server.adminCredentials()))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({
        "/watch/v1/hosts, POST",
        "/watch/v1/hosts/0a1b/heartbeat, POST",
        "/watch/v1/hosts/0a1b/deregister, POST",
        "/watch/v1/hosts/0a1b/tasks, GET",
        "/watch/v1/tasks/0a1b/state, POST",
        "/watch/v1/tasks/0a1b/proxy-config, GET",
        "/watch/v1/tasks/0a1b/hosts, GET",
        "/watch/v1/namespaces/shop/endpoints, GET",
        "/watch/v1/tasks/0a1b/metrics, POST",
        "/watch/v1/tasks/0a1b/logs, POST",
    })
    void everyWatchRouteAskedWithAnotherMethodIs405NamingTheMethodItTakes(String path, String method) throws Exception {
        String other = method.equals("GET") ? "POST" : "GET";

        HttpResponse<String> response = send(other, path);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue(method);
        assertThat(json(response).get("__type").asText()).isEqualTo("MethodNotAllowedException");
        assertThat(json(response).get("message").asText())
                .isEqualTo(path + " answers " + method + ", not " + other + ".");
    }

    @Test
    void aPathOfNoRouteIs404WordedByItsPartOfTheControlPlane() throws Exception {
        HttpResponse<String> watch = send("GET", "/watch/v1/tasks/NOT-HEX/state");
        assertThat(watch.statusCode()).isEqualTo(404);
        assertThat(json(watch).get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(json(watch).get("message").asText())
                .isEqualTo("No watch API route GET /watch/v1/tasks/NOT-HEX/state.");

        HttpResponse<String> console = send("GET", "/console/nope");
        assertThat(console.statusCode()).isEqualTo(404);
        assertThat(json(console).get("__type").asText()).isEqualTo("NotFoundException");
        assertThat(json(console).get("message").asText()).isEqualTo("No console route GET /console/nope.");

        HttpResponse<String> other = send("DELETE", "/nope");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(json(other).get("message").asText())
                .isEqualTo("No route DELETE /nope: the AWS API is POST / with X-Amz-Target,"
                        + " the watch API is under /watch/v1/.");
    }

    @Test
    void theOtherPartsAnswer405InTheirOwnWordsWithAllow() throws Exception {
        HttpResponse<String> root = send("GET", "/");
        assertThat(root.statusCode()).isEqualTo(405);
        assertThat(root.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(root).get("message").asText()).isEqualTo("GET /: expected POST.");

        HttpResponse<String> console = send("DELETE", "/metrics");
        assertThat(console.statusCode()).isEqualTo(405);
        assertThat(console.headers().firstValue("Allow")).hasValue("GET");
        assertThat(json(console).get("message").asText()).isEqualTo("/metrics takes GET.");

        HttpResponse<String> stack = send("POST", "/local/v1/stacks/Apps");
        assertThat(stack.statusCode()).isEqualTo(405);
        assertThat(stack.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
        assertThat(json(stack).get("__type").asText()).isEqualTo("InvalidParameterException");
        assertThat(json(stack).get("message").asText())
                .isEqualTo("POST /local/v1/stacks/Apps: expected GET, PUT or DELETE.");
    }

    @Test
    void aBodyThatBreaksTheWatchContractIs400NamingTheField() throws Exception {
        HttpResponse<String> registration = post("/watch/v1/hosts", "{\"cluster\": \"east\", \"cpu\": 0}");
        assertThat(registration.statusCode()).isEqualTo(400);
        assertThat(json(registration).get("__type").asText()).isEqualTo("InvalidParameterException");
        assertThat(json(registration).get("message").asText()).isEqualTo("cpu: 0 (expected: 1 or more)");

        HttpResponse<String> report =
                post("/watch/v1/tasks/0a1b/state", "{\"lastStatus\": \"STOPPED\", \"exitCode\": -3}");
        assertThat(report.statusCode()).isEqualTo(400);
        assertThat(json(report).get("message").asText()).isEqualTo("exitCode: -3 (expected: 0-255)");

        HttpResponse<String> notAnObject = post("/watch/v1/hosts", "[]");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(json(notAnObject).get("__type").asText()).isEqualTo("SerializationException");
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(server.adminCredentials()))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswersOkWithTheReplicasRoleAndItsKindOfStore() throws Exception {
        HttpResponse<String> health = send("GET", "/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"status\":\"ok\",\"role\":\"leader\",\"replica\":\"");
        assertThat(health.body()).endsWith("\"store\":\"sqlite\"}");
        assertThat(health.headers().firstValue("x-amzn-RequestId")).isPresent();
    }
}
