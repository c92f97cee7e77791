package dev.svcconnect.agent.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.logs.Delivery;
import dev.svcconnect.agent.task.ControlPlaneLink;
import dev.svcconnect.agent.task.SecretsUnavailableException;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.logs.TaskLogLines;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.model.watch.TaskReport;
import dev.svcconnect.model.watch.TaskSecrets;
import dev.svcconnect.model.watch.WatchResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's side of the watch API ({@code docs/watch-api.md}), over the JDK's HTTP client. */
final class ControlPlaneClient implements ControlPlaneLink {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneClient.class);
    static final int WAIT_SECONDS = 30;
    /** How often the control plane sends a heartbeat on an idle stream. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** Heartbeat intervals without a byte after which a stream is taken for dead. */
    static final int MISSED_HEARTBEATS = 3;

    private static final int REPORT_ATTEMPTS = 10;
    private static final int SECRETS_ATTEMPTS = 5;
    private static final int PROXY_KEY_ATTEMPTS = 5;
    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(5);

    private final ControlPlaneEndpoints replicas;
    private final HttpClient http;

    /** {@code Bearer ...}: the host's agent key, or the join token before the first registration. */
    private volatile String authorization;

    /** A client of the control plane's replicas; an {@code https://} one is verified against {@code caBundle}. */
    ControlPlaneClient(ControlPlaneEndpoints replicas, Optional<CaBundle> caBundle) {
        this.replicas = replicas;
        this.http = CaBundle.httpClient(caBundle)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
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
        private final String type;
        private final String detail;

        ApiError(int status, String body) {
            super(sentence(status, body));
            this.status = status;
            JsonNode error = errorBody(body);
            this.type = error.path("__type").asText("");
            this.detail = error.path("message").asText(body);
        }

        private static JsonNode errorBody(String body) {
            try {
                JsonNode error = Json.mapper().readTree(body);
                return error == null ? Json.mapper().missingNode() : error;
            } catch (IOException e) {
                return Json.mapper().missingNode();
            }
        }

        /** {@code the control plane refused it (HTTP 400, ClusterNotFoundException): Cluster not found.} */
        private static String sentence(int status, String body) {
            JsonNode error = errorBody(body);
            if (!error.hasNonNull("message")) {
                // Not a JSON error body: it is shown as it came.
                return "the control plane refused it (HTTP " + status + "): " + body;
            }
            return "the control plane refused it (HTTP " + status + ", "
                    + error.path("__type").asText("error") + "): "
                    + error.path("message").asText();
        }

        int status() {
            return status;
        }

        /** The AWS error type of the answer, e.g. {@code ResourceInitializationError}; empty when none. */
        String type() {
            return type;
        }

        /** The answer's {@code message}, or its body when it has none. */
        String detail() {
            return detail;
        }
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return post(path, body, Duration.ofSeconds(15));
    }

    JsonNode post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
        byte[] json = Json.mapper().writeValueAsBytes(body);
        HttpResponse<byte[]> response = send(
                path,
                replica -> HttpRequest.newBuilder(replica.resolve(path))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
        if (response.statusCode() != 200) {
            throw new ApiError(
                    response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return Json.mapper().readTree(response.body());
    }

    /**
     * Sends a request to the replica in use; one that does not answer, or answers a server error,
     * hands the next request to the next replica (after a backoff once every replica failed). Every
     * request carries the agent's credential; a certificate that cannot be verified fails with a
     * message that says what to do.
     */
    private HttpResponse<byte[]> send(String path, Function<URI, HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        Thread.sleep(replicas.backoff().toMillis());
        URI replica = replicas.current();
        HttpResponse<byte[]> response;
        try {
            response = http.send(authorized(request.apply(replica)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLException e) {
            replicas.failed(replica);
            throw new SSLException(CaBundle.describe(e), e);
        } catch (IOException e) {
            replicas.failed(replica);
            log.debug("{}{}: {} (next: {})", replica, path, e.toString(), replicas.current());
            throw e;
        }
        if (response.statusCode() >= 500) {
            replicas.failed(replica);
        } else {
            replicas.succeeded();
        }
        return response;
    }

    /** A watch: the new value, or empty when nothing changed within the wait. */
    Optional<WatchResult<JsonNode>> watch(String path, long revision) throws IOException, InterruptedException {
        String query = "?waitSeconds=" + WAIT_SECONDS + (revision >= 0 ? "&revision=" + revision : "");
        HttpResponse<byte[]> response = send(
                path,
                replica -> HttpRequest.newBuilder(replica.resolve(path + query))
                        .timeout(Duration.ofSeconds(WAIT_SECONDS + 10))
                        .GET());
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

    /** Gets each new value of a followed watch. */
    @FunctionalInterface
    interface WatchConsumer {
        void accept(WatchResult<JsonNode> result) throws IOException;
    }

    /**
     * Follows a watch as a stream ({@code stream=true}, {@code docs/watch-api.md}, "Streaming"):
     * gives each new value to {@code consumer} as it comes, until the stream ends (the control
     * plane stops, say) or is taken for dead after {@link #MISSED_HEARTBEATS} heartbeat intervals
     * without a byte. A control plane without
     * streams answers a long-poll, which is followed the same way. The consumer keeps the
     * revision it applied, to follow on from in the next call.
     *
     * @throws IOException no answer, an error answer, or a stream taken for dead (the consumer's
     *     own failures too); the next call goes to the next replica when the replica failed
     */
    void follow(String path, long revision, WatchConsumer consumer) throws IOException, InterruptedException {
        Thread.sleep(replicas.backoff().toMillis());
        String query = "?stream=true&heartbeatSeconds=" + HEARTBEAT.toSeconds() + "&waitSeconds=" + WAIT_SECONDS
                + (revision >= 0 ? "&revision=" + revision : "");
        URI replica = replicas.current();
        WatchLines stream = new WatchLines();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(
                authorized(HttpRequest.newBuilder(replica.resolve(path + query))
                                .timeout(Duration.ofSeconds(WAIT_SECONDS + 10))
                                .header("Accept", "application/x-ndjson, application/json")
                                .GET())
                        .build(),
                stream::body);
        answer.whenComplete((response, error) -> stream.end(error));
        try {
            while (true) {
                Object item = stream.next(HEARTBEAT.multipliedBy(MISSED_HEARTBEATS));
                if (item == null) {
                    replicas.failed(replica);
                    throw new IOException(replica + path + ": the stream sent nothing for "
                            + HEARTBEAT.multipliedBy(MISSED_HEARTBEATS).toSeconds() + " s");
                }
                if (item instanceof WatchLines.End end) {
                    if (end.error() != null) {
                        replicas.failed(replica);
                        throw end.error() instanceof IOException io ? io : new IOException(end.error());
                    }
                    HttpResponse<byte[]> whole = answer.join();
                    if (whole.body() != null) { // else the stream ended: the caller follows on
                        Optional<WatchResult<JsonNode>> polled = longPoll(replica, whole);
                        if (polled.isPresent()) {
                            consumer.accept(polled.get());
                        }
                    }
                    return;
                }
                JsonNode line = Json.mapper().readTree((String) item);
                if (line.hasNonNull("__type")) {
                    throw new ApiError(200, (String) item);
                }
                replicas.succeeded();
                consumer.accept(new WatchResult<>(line.path("revision").asLong(), line.path("value")));
            }
        } finally {
            stream.cancel();
        }
    }

    /** A long-poll's answer, from a control plane without streams or with an error. */
    private Optional<WatchResult<JsonNode>> longPoll(URI replica, HttpResponse<byte[]> response) throws IOException {
        if (response.statusCode() >= 500) {
            replicas.failed(replica);
        } else {
            replicas.succeeded();
        }
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
    public TaskSecrets secrets(String taskId) throws SecretsUnavailableException, InterruptedException {
        try {
            return retrying(
                    taskId,
                    "secrets not fetched",
                    SECRETS_ATTEMPTS,
                    () -> Json.mapper().treeToValue(get("/watch/v1/tasks/" + taskId + "/secrets"), TaskSecrets.class));
        } catch (ApiError e) {
            if (e.status() < 500) {
                throw new SecretsUnavailableException(
                        SecretsUnavailableException.TYPE.equals(e.type())
                                ? e.detail()
                                : "unable to pull secrets or registry auth: " + e.getMessage());
            }
            throw new SecretsUnavailableException(notAnswered(e));
        } catch (IOException e) {
            throw new SecretsUnavailableException(notAnswered(e));
        }
    }

    private static String notAnswered(IOException cause) {
        return "unable to pull secrets or registry auth: the control plane did not answer after " + SECRETS_ATTEMPTS
                + " attempts: " + (cause instanceof ApiError ? cause.getMessage() : cause.toString());
    }

    /** One call of the watch API. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * {@code call}, made again (after 0.5 s, 1 s, ...) while the control plane does not answer or
     * answers a server error, at most {@code attempts} times; a refusal (4xx) is not retried.
     */
    static <T> T retrying(String taskId, String failure, int attempts, Call<T> call)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return call.run();
            } catch (ApiError e) {
                if (e.status() < 500) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                last = e;
            }
            log.warn("task {}: {} (attempt {}): {}", taskId, failure, attempt, last.getMessage());
            if (attempt < attempts) {
                Thread.sleep(500L * attempt);
            }
        }
        throw last;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(
                path,
                replica -> HttpRequest.newBuilder(replica.resolve(path))
                        .timeout(Duration.ofSeconds(15))
                        .GET());
        if (response.statusCode() != 200) {
            throw new ApiError(
                    response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return Json.mapper().readTree(response.body());
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
        // Retried: without its key the task cannot start. A retry after a lost answer is harmless,
        // as each new key of a task replaces the ones before.
        JsonNode key = retrying(
                taskId,
                "sidecar key not fetched",
                PROXY_KEY_ATTEMPTS,
                () -> post(
                        "/watch/v1/tasks/" + taskId + "/proxy-key",
                        Json.mapper().createObjectNode()));
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
