package dev.svcconnect.proxy.metrics;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.Json;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a snapshot of the proxy's cumulative counters to the control plane every interval
 * ({@code POST /watch/v1/tasks/{taskId}/metrics}, see {@code docs/watch-api.md}). At most one
 * report is in flight: a tick that finds the last one unanswered drops its report, and a report
 * the control plane does not take is dropped too. Counters are cumulative, so the next report
 * carries what a dropped one would have said.
 */
public final class MetricsPusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsPusher.class);

    private final ControlPlaneEndpoints replicas;
    private final String path;
    private final ProxyMetrics metrics;
    private final Duration interval;
    private final HttpClient client;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean failing;

    private MetricsPusher(
            ControlPlaneEndpoints replicas,
            Optional<CaBundle> caBundle,
            String taskId,
            ProxyMetrics metrics,
            Duration interval) {
        this.replicas = replicas;
        this.path = "/watch/v1/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/metrics";
        this.metrics = metrics;
        this.interval = interval;
        this.client = CaBundle.httpClient(caBundle).connectTimeout(interval).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "metrics-pusher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts pushing {@code metrics} for {@code taskId} every {@code interval}.
     *
     * @param controlPlane the control plane's base URL, such as {@code http://127.0.0.1:7700}, with
     *     the task's key as its user info ({@link ControlPlaneKey})
     * @param caBundle what an {@code https://} control plane's certificate is verified against;
     *     empty for the JDK's trusted CAs
     */
    public static MetricsPusher start(
            URI controlPlane, Optional<CaBundle> caBundle, String taskId, ProxyMetrics metrics, Duration interval) {
        return start(ControlPlaneEndpoints.single(controlPlane), caBundle, taskId, metrics, interval);
    }

    /** As the other {@code start}, pushing to the replica in use of a highly available control plane. */
    public static MetricsPusher start(
            ControlPlaneEndpoints replicas,
            Optional<CaBundle> caBundle,
            String taskId,
            ProxyMetrics metrics,
            Duration interval) {
        requireNonNull(replicas, "replicas");
        requireNonNull(caBundle, "caBundle");
        requireNonNull(taskId, "taskId");
        requireNonNull(metrics, "metrics");
        requireNonNull(interval, "interval");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: 10 ms or more)");
        }
        MetricsPusher pusher = new MetricsPusher(replicas, caBundle, taskId, metrics, interval);
        pusher.timer.scheduleAtFixedRate(pusher::push, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return pusher;
    }

    /** Reports the control plane took. */
    public long sent() {
        return sent.get();
    }

    /** Reports dropped, because the last one was unanswered or the control plane did not take it. */
    public long dropped() {
        return dropped.get();
    }

    /** Pushes one report now, unless one is in flight. */
    public void push() {
        if (!inFlight.compareAndSet(false, true)) {
            dropped.incrementAndGet();
            return;
        }
        URI replica = replicas.current();
        HttpRequest request;
        try {
            request = ControlPlaneKey.request(replica, path)
                    .timeout(interval.multipliedBy(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(metrics.report())))
                    .build();
        } catch (Exception e) {
            inFlight.set(false);
            dropped.incrementAndGet();
            log.warn("metrics report not built: {}", e.toString());
            return;
        }
        URI uri = request.uri();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            inFlight.set(false);
            if (error == null && response.statusCode() == 200) {
                sent.incrementAndGet();
                if (failing) {
                    log.info("metrics reach {} again", uri);
                }
                failing = false;
                return;
            }
            dropped.incrementAndGet();
            if (error != null || response.statusCode() >= 500) {
                replicas.failed(replica);
            }
            if (!failing) {
                log.warn(
                        "metrics report dropped, {} : {}",
                        uri,
                        error != null ? error.toString() : response.statusCode() + " " + response.body());
            }
            failing = true;
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
