package dev.svcconnect.proxy.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.model.watch.WatchResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a task's proxy configuration on the control plane's watch API
 * ({@code GET /watch/v1/tasks/{taskId}/proxy-config?revision=N&waitSeconds=30}, see
 * {@code docs/watch-api.md}) with the JDK's asynchronous HTTP client. Each new revision goes to
 * the consumer; a 304 asks again; an error or no answer keeps what was last applied and retries
 * with exponential backoff (static stability), and so does a revision the consumer could not apply. With several control plane replicas, a failed
 * call moves the next one to the next replica, with the same revision.
 */
public final class ControlPlaneWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneWatcher.class);
    private static final TypeReference<WatchResult<ProxyConfig>> RESULT = new TypeReference<>() {};

    private final ControlPlaneEndpoints replicas;
    private final String path;
    private final int waitSeconds;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Consumer<WatchResult<ProxyConfig>> consumer;
    private final HttpClient client;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile long revision = -1;
    private int failures;
    /** The times in a row the consumer could not apply the revision it was given. */
    private int notApplied;

    /**
     * @param controlPlane the control plane's base URL, such as {@code http://127.0.0.1:7700}, with
     *     the task's key as its user info ({@link ControlPlaneKey})
     * @param caBundle what an {@code https://} control plane's certificate is verified against;
     *     empty for the JDK's trusted CAs
     * @param taskId the id part of the task's ARN
     * @param waitSeconds how long the control plane may hold a watch (1-300)
     * @param initialBackoff the first wait after a failure; doubles up to {@code maxBackoff}
     * @param consumer gets each new revision; when it throws, the exception is logged and the same
     *     revision is fetched and given to it again after a backoff
     */
    public ControlPlaneWatcher(
            URI controlPlane,
            Optional<CaBundle> caBundle,
            String taskId,
            int waitSeconds,
            Duration initialBackoff,
            Duration maxBackoff,
            Consumer<WatchResult<ProxyConfig>> consumer) {
        this(
                ControlPlaneEndpoints.single(controlPlane),
                caBundle,
                taskId,
                waitSeconds,
                initialBackoff,
                maxBackoff,
                consumer);
    }

    /**
     * As the other constructor, failing over among the replicas of a highly available control
     * plane, each carrying the task's key ({@link ControlPlaneKey#with(ControlPlaneEndpoints, String)}).
     */
    public ControlPlaneWatcher(
            ControlPlaneEndpoints replicas,
            Optional<CaBundle> caBundle,
            String taskId,
            int waitSeconds,
            Duration initialBackoff,
            Duration maxBackoff,
            Consumer<WatchResult<ProxyConfig>> consumer) {
        requireNonNull(replicas, "replicas");
        requireNonNull(taskId, "taskId");
        if (waitSeconds < 1 || waitSeconds > 300) {
            throw new IllegalArgumentException("waitSeconds: " + waitSeconds + " (expected: 1-300)");
        }
        this.replicas = replicas;
        this.path = "/watch/v1/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/proxy-config";
        this.waitSeconds = waitSeconds;
        this.initialBackoff = requireNonNull(initialBackoff, "initialBackoff");
        this.maxBackoff = requireNonNull(maxBackoff, "maxBackoff");
        this.consumer = requireNonNull(consumer, "consumer");
        this.client = CaBundle.httpClient(caBundle)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Starts watching; returns at once. */
    public ControlPlaneWatcher start() {
        poll();
        return this;
    }

    /** Whether the last watch call got an answer. */
    public boolean isConnected() {
        return connected;
    }

    /** The last revision applied, or -1. */
    public long revision() {
        return revision;
    }

    private void poll() {
        if (closed) {
            return;
        }
        String query =
                revision < 0 ? "?waitSeconds=" + waitSeconds : "?revision=" + revision + "&waitSeconds=" + waitSeconds;
        URI replica = replicas.current();
        HttpRequest request = ControlPlaneKey.request(replica, path + query)
                .timeout(Duration.ofSeconds(waitSeconds + 10L))
                .header("Accept", "application/json")
                .GET()
                .build();
        URI uri = request.uri();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                replicas.failed(replica);
                failed("no answer from " + uri + ": " + CaBundle.describe(error));
            } else {
                if (response.statusCode() >= 500) {
                    replicas.failed(replica);
                }
                answered(response, uri);
            }
        });
    }

    private void answered(HttpResponse<String> response, URI uri) {
        int status = response.statusCode();
        if (status == 304) {
            succeeded();
            poll();
            return;
        }
        if (status != 200) {
            failed(uri + " answered " + status + ": " + firstLine(response.body()));
            return;
        }
        WatchResult<ProxyConfig> result;
        try {
            result = Json.mapper().readValue(response.body(), RESULT);
            result.value().validate();
        } catch (Exception e) {
            failed(uri + " answered an unusable configuration: " + e.getMessage());
            return;
        }
        succeeded();
        if (result.revision() != revision) {
            try {
                consumer.accept(result);
            } catch (Exception e) {
                // Any exception (Netty rethrows a bind's BindException undeclared): one escaping
                // this callback would end the watch, silently. Not applied (a port still held by a process that is
                // going away, say): the same
                // revision is fetched and applied again after a backoff. Waiting for the next
                // revision instead would leave a proxy that never applied its first configuration
                // without one until the task changes, which may be never.
                log.warn(
                        "revision {} of the proxy configuration not applied, trying again: {}",
                        result.revision(),
                        e.getMessage());
                retryLater(notApplied++);
                return;
            }
            notApplied = 0;
            revision = result.revision();
        }
        poll();
    }

    private void succeeded() {
        if (!connected) {
            log.info("watching {}{}", ControlPlaneKey.withoutKey(replicas.current()), path);
        }
        connected = true;
        failures = 0;
    }

    private void failed(String why) {
        if (closed) {
            return;
        }
        if (connected || failures == 0) {
            log.warn("control plane unreachable, keeping the last configuration: {}", why);
        }
        connected = false;
        retryLater(failures++);
    }

    /** Polls again after the backoff of attempt {@code attempt} (from 0): doubling up to the longest, with jitter. */
    private void retryLater(int attempt) {
        long backoff = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt, 20));
        long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        CompletableFuture.delayedExecutor(jittered, TimeUnit.MILLISECONDS).execute(this::poll);
    }

    private static String firstLine(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    @Override
    public void close() {
        closed = true;
    }
}
