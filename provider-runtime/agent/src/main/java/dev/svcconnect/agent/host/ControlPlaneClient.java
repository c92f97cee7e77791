package dev.svcconnect.agent.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.logs.Delivery;
import dev.svcconnect.agent.task.ControlPlaneLink;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.logs.TaskLogLines;
import dev.svcconnect.model.watch.TaskReport;
import dev.svcconnect.model.watch.WatchResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's side of the watch API ({@code docs/watch-api.md}), over the JDK's HTTP client. */
final class ControlPlaneClient implements ControlPlaneLink {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneClient.class);
    static final int WAIT_SECONDS = 30;
    private static final int REPORT_ATTEMPTS = 10;
    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** {@code Bearer ...}: the host's agent key, or the join token before the first registration. */
    private volatile String authorization;

    ControlPlaneClient(URI base) {
        this.base = base;
    }

    /** Sends {@code Authorization: Bearer CREDENTIAL} from now on: a join token or {@code ACCESS_KEY_ID:SECRET}. */
    void useCredential(String credential) {
        this.authorization = credential == null ? null : "Bearer " + credential;
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String value = authorization;
        return value == null ? request : request.header("Authorization", value);
    }

    /** An error answer of the control plane. */
    static final class ApiError extends IOException {
        private final int status;

        ApiError(int status, String body) {
            super(sentence(status, body));
            this.status = status;
        }

        /** {@code the control plane refused it (HTTP 400, ClusterNotFoundException): Cluster not found.} */
        private static String sentence(int status, String body) {
            String type = "";
            String message = body;
            try {
                JsonNode error = Json.mapper().readTree(body);
                if (error != null && error.hasNonNull("message")) {
                    type = ", " + error.path("__type").asText("error");
                    message = error.path("message").asText();
                }
            } catch (IOException e) {
                // Not a JSON error body: it is shown as it came.
            }
            return "the control plane refused it (HTTP " + status + type + "): " + message;
        }

        int status() {
            return status;
        }
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return post(path, body, Duration.ofSeconds(15));
    }

    private JsonNode post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                Json.mapper().writeValueAsBytes(body))))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new ApiError(
                    response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return Json.mapper().readTree(response.body());
    }

    /** A watch: the new value, or empty when nothing changed within the wait. */
    Optional<WatchResult<JsonNode>> watch(String path, long revision) throws IOException, InterruptedException {
        String query = "?waitSeconds=" + WAIT_SECONDS + (revision >= 0 ? "&revision=" + revision : "");
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve(path + query))
                        .timeout(Duration.ofSeconds(WAIT_SECONDS + 10))
                        .GET())
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 304) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new ApiError(
                    response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonNode answer = Json.mapper().readTree(response.body());
        return Optional.of(new WatchResult<>(answer.path("revision").asLong(), answer.path("value")));
    }

    @Override
    public void report(String taskId, TaskReport state) {
        for (int attempt = 1; attempt <= REPORT_ATTEMPTS; attempt++) {
            try {
                post("/watch/v1/tasks/" + taskId + "/state", state);
                return;
            } catch (ApiError e) {
                log.warn("task {}: report {} refused: {}", taskId, state.lastStatus(), e.getMessage());
                return;
            } catch (IOException e) {
                log.warn(
                        "task {}: report {} failed (attempt {}): {}",
                        taskId,
                        state.lastStatus(),
                        attempt,
                        e.getMessage());
                sleep(Duration.ofMillis(500L * attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public Optional<WatchResult<JsonNode>> hosts(String taskId, long revision) throws InterruptedException {
        try {
            return watch("/watch/v1/tasks/" + taskId + "/hosts", revision);
        } catch (IOException e) {
            log.debug("task {}: hosts watch failed: {}", taskId, e.getMessage());
            Thread.sleep(1000);
            return Optional.empty();
        }
    }

    @Override
    public String proxyKey(String taskId) throws IOException, InterruptedException {
        JsonNode key =
                post("/watch/v1/tasks/" + taskId + "/proxy-key", Json.mapper().createObjectNode());
        return key.path("accessKeyId").asText() + ":"
                + key.path("secretAccessKey").asText();
    }

    @Override
    public Delivery shipLogs(String taskId, TaskLogLines lines) throws InterruptedException {
        try {
            post("/watch/v1/tasks/" + taskId + "/logs", lines, LOGS_TIMEOUT);
            return Delivery.DELIVERED;
        } catch (ApiError e) {
            if (e.status() >= 500) {
                log.debug("task {}: log lines not taken: {}", taskId, e.getMessage());
                return Delivery.FAILED;
            }
            log.debug("task {}: log lines refused: {}", taskId, e.getMessage());
            return Delivery.REFUSED;
        } catch (IOException e) {
            log.debug("task {}: log lines not sent: {}", taskId, e.getMessage());
            return Delivery.FAILED;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
