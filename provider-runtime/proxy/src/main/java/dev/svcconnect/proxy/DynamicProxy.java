package dev.svcconnect.proxy;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.model.watch.WatchResult;
import dev.svcconnect.proxy.config.ControlPlaneWatcher;
import dev.svcconnect.proxy.metrics.MetricsPusher;
import dev.svcconnect.proxy.tls.MeshTls;
import dev.svcconnect.proxy.tls.WorkloadCertificates;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy that follows its task's configuration on the control plane: it starts with the first
 * revision, applies each later one in place, and keeps serving the last one while the control
 * plane is unreachable. It pushes its metrics there every {@link #METRICS_INTERVAL}.
 *
 * <pre>{@code
 * DynamicProxy dynamic = DynamicProxy.follow(URI.create("http://127.0.0.1:7700"), "0f2c...", Proxy.builder());
 * Proxy proxy = dynamic.started().join();
 * }</pre>
 */
public final class DynamicProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamicProxy.class);

    /** How long the control plane may hold a watch. */
    public static final int WAIT_SECONDS = 30;
    /** How often the proxy pushes its metrics to the control plane. */
    public static final Duration METRICS_INTERVAL = Duration.ofSeconds(5);
    /** How long a proxy waits for its first workload certificate before a mutual TLS listener is refused. */
    public static final Duration CERTIFICATE_PATIENCE = Duration.ofSeconds(60);
    /** The first wait after a failed watch. */
    public static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);

    private final Proxy.Builder builder;
    private final CompletableFuture<Proxy> started = new CompletableFuture<>();
    private final ControlPlaneWatcher watcher;
    private final ControlPlaneEndpoints controlPlane;
    private final String taskId;
    private final Optional<CaBundle> caBundle;
    private final Duration metricsInterval;
    private final WorkloadCertificates certificates;
    private Proxy proxy;
    private MetricsPusher pusher;

    private DynamicProxy(
            ControlPlaneEndpoints controlPlane,
            Optional<CaBundle> caBundle,
            String taskId,
            Proxy.Builder builder,
            Duration initialBackoff,
            Duration metricsInterval) {
        this.certificates = WorkloadCertificates.forTask(controlPlane, caBundle, taskId, Clock.systemUTC());
        this.builder = requireNonNull(builder, "builder").meshTls(() -> certificates.start(CERTIFICATE_PATIENCE));
        this.controlPlane = controlPlane;
        this.caBundle = requireNonNull(caBundle, "caBundle");
        this.taskId = taskId;
        this.metricsInterval = requireNonNull(metricsInterval, "metricsInterval");
        this.watcher = new ControlPlaneWatcher(
                controlPlane,
                caBundle,
                taskId,
                WAIT_SECONDS,
                ControlPlaneWatcher.HEARTBEAT,
                initialBackoff,
                Duration.ofSeconds(10),
                this::onRevision);
    }

    /** Starts following {@code taskId}'s configuration; the proxy starts with the first revision. */
    public static DynamicProxy follow(URI controlPlane, String taskId, Proxy.Builder builder) {
        return follow(controlPlane, taskId, builder, INITIAL_BACKOFF);
    }

    /** As {@link #follow(URI, String, Proxy.Builder)}, with the first backoff after a failed watch. */
    public static DynamicProxy follow(URI controlPlane, String taskId, Proxy.Builder builder, Duration initialBackoff) {
        return follow(controlPlane, taskId, builder, initialBackoff, METRICS_INTERVAL);
    }

    /**
     * As {@link #follow(URI, String, Proxy.Builder, Duration)}, pushing metrics every
     * {@code metricsInterval} instead of {@link #METRICS_INTERVAL}.
     */
    public static DynamicProxy follow(
            URI controlPlane, String taskId, Proxy.Builder builder, Duration initialBackoff, Duration metricsInterval) {
        return follow(
                ControlPlaneEndpoints.single(controlPlane),
                Optional.empty(),
                taskId,
                builder,
                initialBackoff,
                metricsInterval);
    }

    /** As {@link #follow(URI, String, Proxy.Builder)}, failing over among a control plane's replicas. */
    public static DynamicProxy follow(ControlPlaneEndpoints controlPlane, String taskId, Proxy.Builder builder) {
        return follow(controlPlane, Optional.empty(), taskId, builder);
    }

    /**
     * As {@link #follow(ControlPlaneEndpoints, String, Proxy.Builder)}, verifying an {@code
     * https://} control plane's certificate against {@code caBundle} (empty: the JDK's trusted CAs).
     */
    public static DynamicProxy follow(
            ControlPlaneEndpoints controlPlane, Optional<CaBundle> caBundle, String taskId, Proxy.Builder builder) {
        return follow(controlPlane, caBundle, taskId, builder, Duration.ofMillis(200), METRICS_INTERVAL);
    }

    /**
     * As {@link #follow(URI, String, Proxy.Builder, Duration, Duration)}, verifying an
     * {@code https://} control plane's certificate against {@code caBundle}.
     */
    public static DynamicProxy follow(
            URI controlPlane,
            Optional<CaBundle> caBundle,
            String taskId,
            Proxy.Builder builder,
            Duration initialBackoff,
            Duration metricsInterval) {
        return follow(
                ControlPlaneEndpoints.single(controlPlane), caBundle, taskId, builder, initialBackoff, metricsInterval);
    }

    private static DynamicProxy follow(
            ControlPlaneEndpoints controlPlane,
            Optional<CaBundle> caBundle,
            String taskId,
            Proxy.Builder builder,
            Duration initialBackoff,
            Duration metricsInterval) {
        DynamicProxy dynamic =
                new DynamicProxy(controlPlane, caBundle, taskId, builder, initialBackoff, metricsInterval);
        dynamic.watcher.start();
        return dynamic;
    }

    /** Completes with the running proxy once the first configuration has been applied. */
    public CompletableFuture<Proxy> started() {
        return started;
    }

    private synchronized void onRevision(WatchResult<ProxyConfig> result) {
        if (proxy == null) {
            proxy = builder.start(result.value());
            pusher = MetricsPusher.start(controlPlane, caBundle, taskId, proxy.metrics(), metricsInterval);
            proxy.sourceStatus(this::status);
            log.info("started with revision {} of the proxy configuration", result.revision());
            started.complete(proxy);
        } else {
            proxy.apply(result.value());
            log.info("applied revision {} of the proxy configuration", result.revision());
        }
    }

    private Object status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("controlPlaneConnected", watcher.isConnected());
        status.put("revision", watcher.revision());
        status.put("metricsReportsSent", pusher.sent());
        status.put("metricsReportsDropped", pusher.dropped());
        certificates.current().ifPresent(tls -> {
            Map<String, Object> certificate = new LinkedHashMap<>();
            certificate.put(
                    "identities",
                    tls.credentials().identities().stream()
                            .map(Object::toString)
                            .toList());
            certificate.put("expiresAt", tls.credentials().expiresAt().toString());
            certificate.put("renewals", certificates.renewals());
            certificate.put("tls", MeshTls.implementation());
            status.put("workloadCertificate", certificate);
        });
        return status;
    }

    @Override
    public synchronized void close() {
        watcher.close();
        certificates.close();
        if (pusher != null) {
            pusher.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }
}
