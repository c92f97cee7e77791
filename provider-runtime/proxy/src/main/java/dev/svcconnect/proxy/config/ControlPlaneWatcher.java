package dev.svcconnect.proxy.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a task's proxy configuration on the control plane's watch API with the JDK's
 * asynchronous HTTP client, as a stream ({@code GET /watch/v1/tasks/{taskId}/proxy-config?stream=true&revision=N},
 * see {@code docs/watch-api.md}): one long-lived answer carries each new revision as a line, and
 * heartbeat lines while nothing changes. Each new revision goes to the consumer. A stream that
 * ends, fails or sends nothing for three heartbeat intervals is opened again with the last revision
 * applied, so nothing is missed or applied twice; a control plane that answers a long-poll instead
 * (one without streams) is long-polled. An error or no answer keeps what was last applied and
 * retries with exponential backoff (static stability), and so does a revision the consumer could
 * not apply. With several control plane replicas, a failed call moves the next one to the next
 * replica, with the same revision.
 */
public final class ControlPlaneWatcher implements AutoCloseable {

    /** How often the control plane sends a heartbeat on an idle stream. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** Heartbeat intervals without a byte after which a stream is taken for dead. */
    static final int MISSED_HEARTBEATS = 3;

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneWatcher.class);
    private static final TypeReference<WatchResult<ProxyConfig>> RESULT = new TypeReference<>() {};
    private static final String STREAM_TYPE = "application/x-ndjson";

    private final ControlPlaneEndpoints replicas;
    private final String path;
    private final int waitSeconds;
    private final Duration heartbeat;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Consumer<WatchResult<ProxyConfig>> consumer;
    private final HttpClient client;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile long revision = -1;
    private volatile Call call;
    private int failures;
    /** The times in a row the consumer could not apply the revision it was given. */
    private int notApplied;

    /**
     * @param controlPlane the control plane's base URL, such as {@code http://127.0.0.1:7700}, with
     *     the task's key as its user info ({@link ControlPlaneKey})
     * @param caBundle what an {@code https://} control plane's certificate is verified against;
     *     empty for the JDK's trusted CAs
     * @param taskId the id part of the task's ARN
     * @param waitSeconds how long a control plane without streams may hold a long-poll (1-300)
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
                HEARTBEAT,
                initialBackoff,
                maxBackoff,
                consumer);
    }

    /**
     * As the other constructor, failing over among the replicas of a highly available control
     * plane, each carrying the task's key ({@link ControlPlaneKey#with(ControlPlaneEndpoints, String)}),
     * with the stream's heartbeat interval (1-300 s; a stream silent for three is opened again).
     */
    public ControlPlaneWatcher(
            ControlPlaneEndpoints replicas,
            Optional<CaBundle> caBundle,
            String taskId,
            int waitSeconds,
            Duration heartbeat,
            Duration initialBackoff,
            Duration maxBackoff,
            Consumer<WatchResult<ProxyConfig>> consumer) {
        requireNonNull(replicas, "replicas");
        requireNonNull(taskId, "taskId");
        if (waitSeconds < 1 || waitSeconds > 300) {
            throw new IllegalArgumentException("waitSeconds: " + waitSeconds + " (expected: 1-300)");
        }
        if (heartbeat.toSeconds() < 1 || heartbeat.toSeconds() > 300) {
            throw new IllegalArgumentException("heartbeat: " + heartbeat + " (expected: 1-300 seconds)");
        }
        this.replicas = replicas;
        this.path = "/watch/v1/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/proxy-config";
        this.waitSeconds = waitSeconds;
        this.heartbeat = heartbeat;
        this.initialBackoff = requireNonNull(initialBackoff, "initialBackoff");
        this.maxBackoff = requireNonNull(maxBackoff, "maxBackoff");
        this.consumer = requireNonNull(consumer, "consumer");
        this.client = CaBundle.httpClient(caBundle)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Starts watching; returns at once. */
    public ControlPlaneWatcher start() {
        poll();
        CompletableFuture.delayedExecutor(heartbeat.toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::checkHeartbeat);
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

    /**
     * One call of the watch: a stream, or a long-poll's answer. It ends once ({@link #end}),
     * whichever comes first: its answer completes, it fails, or it is found silent.
     */
    private final class Call implements Flow.Subscriber<String> {
        final URI replica;
        final URI uri;
        final AtomicBoolean over = new AtomicBoolean();
        volatile long lastHeardNanos = System.nanoTime();
        volatile Flow.Subscription lines;

        Call(URI replica, URI uri) {
            this.replica = replica;
            this.uri = uri;
        }

        /** A stream's lines go to this call; any other answer is read whole. */
        HttpResponse.BodySubscriber<String> body(HttpResponse.ResponseInfo info) {
            lastHeardNanos = System.nanoTime();
            boolean stream = info.statusCode() == 200
                    && info.headers()
                            .firstValue("Content-Type")
                            .filter(type -> type.startsWith(STREAM_TYPE))
                            .isPresent();
            return stream
                    ? HttpResponse.BodySubscribers.fromLineSubscriber(this, call -> null, StandardCharsets.UTF_8, "\n")
                    : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            lines = subscription;
            if (over.get() || closed) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(String line) {
            lastHeardNanos = System.nanoTime();
            if (over.get()) {
                return;
            }
            if (!line.isBlank() && !streamed(this, line)) {
                return;
            }
            lines.request(1);
        }

        @Override
        public void onError(Throwable error) {
            // the answer's future fails too: handled there
        }

        @Override
        public void onComplete() {
            // the answer's future completes too: handled there
        }

        /** Ends this call: true for the first caller only. A stream's connection is closed. */
        boolean end() {
            if (!over.compareAndSet(false, true)) {
                return false;
            }
            Flow.Subscription subscription = lines;
            if (subscription != null) {
                subscription.cancel();
            }
            return true;
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        String query = "?stream=true&heartbeatSeconds=" + heartbeat.toSeconds() + "&waitSeconds=" + waitSeconds
                + (revision < 0 ? "" : "&revision=" + revision);
        URI replica = replicas.current();
        HttpRequest request = ControlPlaneKey.request(replica, path + query)
                // Until the answer's head: a stream's body is watched by its heartbeats.
                .timeout(Duration.ofSeconds(waitSeconds + 10L))
                .header("Accept", STREAM_TYPE + ", application/json")
                .GET()
                .build();
        Call current = new Call(replica, request.uri());
        call = current;
        client.sendAsync(request, current::body).whenComplete((response, error) -> {
            if (!current.end()) {
                return;
            }
            if (error != null) {
                replicas.failed(replica);
                failed("no answer from " + current.uri + ": " + CaBundle.describe(error));
                return;
            }
            if (response.statusCode() >= 500) {
                replicas.failed(replica);
            }
            if (response.body() == null) {
                // A stream that the control plane ended (it is stopping, say): open it again, at once.
                succeeded();
                poll();
            } else {
                answered(response, current.uri);
            }
        });
    }

    /** A long-poll's answer: a control plane without streams, or an error. */
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
        if (apply(uri, response.body())) {
            poll();
        }
    }

    /**
     * A line of a stream: a new revision, or an error that ends the stream. Answers whether the
     * stream goes on; when it does not, the call has ended and what comes next is arranged.
     */
    private boolean streamed(Call current, String line) {
        JsonNode error;
        try {
            error = Json.mapper().readTree(line).path("__type");
        } catch (Exception e) {
            error = null;
        }
        if (error != null && error.isTextual()) {
            if (current.end()) {
                failed(current.uri + " ended the stream: " + firstLine(line));
            }
            return false;
        }
        if (apply(current.uri, line)) {
            return true;
        }
        current.end();
        return false;
    }

    /**
     * Gives the consumer the revision in {@code json} when it is new. Answers false when the
     * watch must start over after a backoff: an unusable answer, or one the consumer could not apply.
     */
    private boolean apply(URI uri, String json) {
        WatchResult<ProxyConfig> result;
        try {
            result = Json.mapper().readValue(json, RESULT);
            result.value().validate();
        } catch (Exception e) {
            failed(uri + " answered an unusable configuration: " + e.getMessage());
            return false;
        }
        succeeded();
        if (result.revision() != revision) {
            try {
                consumer.accept(result);
            } catch (Exception e) {
                // Any exception (Netty rethrows a bind's BindException undeclared): one escaping
                // this callback would end the watch, silently. Not applied (a port still held by a
                // process that is going away, say): the same revision is fetched and applied again
                // after a backoff. Waiting for the next revision instead would leave a proxy that
                // never applied its first configuration without one until the task changes, which
                // may be never.
                log.warn(
                        "revision {} of the proxy configuration not applied, trying again: {}",
                        result.revision(),
                        e.getMessage());
                retryLater(notApplied++);
                return false;
            }
            notApplied = 0;
            revision = result.revision();
        }
        return true;
    }

    /** Opens again a stream that sent nothing for {@link #MISSED_HEARTBEATS} intervals (a dead link); checks again later. */
    private void checkHeartbeat() {
        if (closed) {
            return;
        }
        Call current = call;
        long silent = System.nanoTime() - current.lastHeardNanos;
        if (silent > heartbeat.toNanos() * MISSED_HEARTBEATS && current.lines != null && current.end()) {
            replicas.failed(current.replica);
            failed(current.uri + " sent nothing for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s");
        }
        CompletableFuture.delayedExecutor(heartbeat.toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::checkHeartbeat);
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
        Call current = call;
        if (current != null) {
            current.end();
        }
    }
}
