package dev.svcconnect.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.logs.LogIngest;
import dev.svcconnect.model.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /watch/v1/tasks/{taskId}/logs} through real HTTP, and the tails in the console's JSON. */
class TaskLogsApiTest {

    @TempDir
    Path data;

    private ConsoleFixture fixture;
    private String webui;

    @BeforeEach
    void start() {
        fixture = new ConsoleFixture(data);
        webui = fixture.taskId("east", "webui");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> push(String taskId, Object body) throws Exception {
        return fixture.post(
                "/watch/v1/tasks/" + taskId + "/logs",
                body instanceof String text ? text : Json.mapper().writeValueAsString(body));
    }

    private JsonNode logsOf(String cluster, String service) throws Exception {
        JsonNode tasks = fixture.json("/console/api/clusters/" + cluster + "/services/" + service)
                .get("tasks");
        assertThat(tasks).hasSize(1);
        return tasks.get(0).get("logs");
    }

    private static List<String> texts(JsonNode array) {
        List<String> lines = new ArrayList<>();
        array.forEach(line -> lines.add(line.asText()));
        return lines;
    }

    @Test
    void pushedLinesShowInTheServicesTasksOldestFirst() throws Exception {
        assertThat(push(
                                webui,
                                Map.of(
                                        "containers",
                                        Map.of("app", List.of("started", "GET / 200")),
                                        "proxy",
                                        List.of("proxy started")))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> second =
                push(webui, Map.of("containers", Map.of("app", List.of("<script>alert(1)</script>"))));

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("{}");
        JsonNode logs = logsOf("east", "webui");
        assertThat(texts(logs.get("containers").get("app")))
                .containsExactly("started", "GET / 200", "<script>alert(1)</script>");
        assertThat(texts(logs.get("proxy"))).containsExactly("proxy started");
        JsonNode quiet = logsOf("east", "appserver");
        assertThat(quiet.get("containers").size()).isZero();
        assertThat(quiet.get("proxy").size()).isZero();
    }

    @Test
    void eachStreamKeepsItsLastHundredLines() throws Exception {
        for (int batch = 0; batch < 3; batch++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                lines.add("line " + (batch * 50 + i));
            }
            assertThat(push(webui, Map.of("containers", Map.of("app", lines))).statusCode())
                    .isEqualTo(200);
        }

        List<String> app = texts(logsOf("east", "webui").get("containers").get("app"));

        assertThat(app).hasSize(100);
        assertThat(app.get(0)).isEqualTo("line 50");
        assertThat(app.get(99)).isEqualTo("line 149");
    }

    @Test
    void anUnknownTaskIsNotFound() throws Exception {
        HttpResponse<String> answer = push("0123abcd", Map.of("proxy", List.of("hello")));

        assertThat(answer.statusCode()).isEqualTo(404);
        JsonNode error = Json.mapper().readTree(answer.body());
        assertThat(error.get("__type").asText()).isEqualTo("TaskNotFoundException");
        assertThat(error.get("message").asText())
                .isEqualTo("Task '0123abcd' is not known to the control plane; its host agent ships log lines for it.");
    }

    @Test
    void aMalformedPushGetsASpecificMessage() throws Exception {
        assertError(
                push(webui, "{\"proxy\": [\"a\""),
                400,
                "SerializationException",
                "The request body is not valid JSON: ");
        assertError(
                push(webui, "[]"),
                400,
                "SerializationException",
                "The request body must be a JSON object, not an array.");
        assertError(
                push(webui, "{\"streams\": {}}"),
                400,
                "InvalidParameterException",
                "Unknown field 'streams' (expected: containers, proxy).");
        assertError(
                push(webui, "{\"containers\": [\"a\"]}"),
                400,
                "InvalidParameterException",
                "containers: an array (expected: an object of container name to an array of lines).");
        assertError(
                push(webui, "{\"containers\": {\"app\": \"a\"}}"),
                400,
                "InvalidParameterException",
                "containers.app: a string (expected: an array of strings).");
        assertError(
                push(webui, "{\"proxy\": [\"a\", 2]}"),
                400,
                "InvalidParameterException",
                "proxy[1]: a number (expected: a string).");
        assertError(
                push(webui, "{\"containers\": {\"web\": [\"a\"]}}"),
                400,
                "InvalidParameterException",
                "containers.web: not a container of task definition 'webui:1' (expected one of: app).");
        assertThat(fixture.get("/watch/v1/tasks/" + webui + "/logs").statusCode())
                .isEqualTo(405);
        assertThat(texts(logsOf("east", "webui").get("proxy"))).isEmpty();
    }

    @Test
    void aPushOverTheSizeLimitIsTooLarge() throws Exception {
        String big = "x".repeat(4000);
        List<String> lines = new ArrayList<>();
        while (lines.size() * big.length() <= LogIngest.MAX_BODY_BYTES) {
            lines.add(big);
        }
        assertError(push(webui, Map.of("proxy", lines)), 413, "RequestEntityTooLargeException", "The log lines take ");

        List<String> many = new ArrayList<>();
        for (int i = 0; i <= LogIngest.MAX_LINES; i++) {
            many.add("l");
        }
        assertError(
                push(webui, Map.of("proxy", many)),
                413,
                "RequestEntityTooLargeException",
                "1001 lines in one request (expected: at most 1000; send the rest in the next).");
    }

    private static void assertError(HttpResponse<String> answer, int status, String type, String messageStart)
            throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode error = Json.mapper().readTree(answer.body());
        assertThat(error.get("__type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).startsWith(messageStart);
    }
}
