package dev.svcconnect.sample.webui;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import dev.svcconnect.sample.common.Lifecycle;
import dev.svcconnect.sample.common.RunningService;
import dev.svcconnect.sample.items.v1.ItemsGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webui: an HTTP/1.1 server (the JDK's) whose pages come from appserver over gRPC.
 *
 * <p>On {@link #close()} it answers new requests with 503 (a proxy retries those on another task),
 * waits up to {@value #GRACE_SECONDS} s for requests in progress, then stops listening.
 *
 * <pre>{@code
 * try (WebUi webUi = WebUi.start(WebUiSettings.from(Env.system()))) {
 *     int port = webUi.port();
 * }
 * }</pre>
 */
public final class WebUi implements RunningService {

    static final int GRACE_SECONDS = 10;
    private static final int THREADS = 16;

    /**
     * Reads are retried twice on UNAVAILABLE (an appserver task stopping, a connection being
     * replaced), so a rolling update of appserver does not fail page loads; adding an item is not.
     */
    private static final Map<String, ?> READS_RETRY_WHEN_UNAVAILABLE = Map.of(
            "methodConfig",
            List.of(Map.of(
                    "name",
                            List.of(
                                    Map.of("service", ItemsGrpc.SERVICE_NAME, "method", "GetInfo"),
                                    Map.of("service", ItemsGrpc.SERVICE_NAME, "method", "ListItems")),
                    "retryPolicy",
                            Map.of(
                                    "maxAttempts",
                                    3.0,
                                    "initialBackoff",
                                    "0.05s",
                                    "maxBackoff",
                                    "0.5s",
                                    "backoffMultiplier",
                                    2.0,
                                    "retryableStatusCodes",
                                    List.of("UNAVAILABLE")))));

    private final HttpServer server;
    private final ExecutorService executor;
    private final ManagedChannel channel;
    private final InFlight inFlight;
    private boolean closed;

    private WebUi(HttpServer server, ExecutorService executor, ManagedChannel channel, InFlight inFlight) {
        this.server = server;
        this.executor = executor;
        this.channel = channel;
        this.inFlight = inFlight;
    }

    /** Starts listening; appserver is reached on the first page load. */
    public static WebUi start(WebUiSettings settings) throws IOException {
        requireNonNull(settings, "settings");
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        settings.appserver().host(), settings.appserver().port(), InsecureChannelCredentials.create())
                .defaultServiceConfig(READS_RETRY_WHEN_UNAVAILABLE)
                .enableRetry()
                .build();
        InFlight inFlight = new InFlight();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(
                THREADS, runnable -> new Thread(runnable, "webui-http-" + threads.incrementAndGet()));
        HttpServer server;
        try {
            server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port()), 128);
        } catch (IOException e) {
            channel.shutdownNow();
            executor.shutdownNow();
            throw new IOException(
                    "cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext(
                "/",
                new Routes(
                        settings.taskId(),
                        channel,
                        ItemsGrpc.newBlockingStub(channel),
                        settings.callTimeout(),
                        inFlight));
        server.start();
        Lifecycle.log(
                "webui",
                "ready on " + settings.bind() + ":" + server.getAddress().getPort() + " (task " + settings.taskId()
                        + ", appserver " + settings.appserver().host() + ":"
                        + settings.appserver().port() + ")");
        return new WebUi(server, executor, channel, inFlight);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!inFlight.drain(Duration.ofSeconds(GRACE_SECONDS))) {
                Lifecycle.log("webui", "requests still in progress after " + GRACE_SECONDS + " s; stopping anyway");
            }
            server.stop(0);
            executor.shutdown();
            executor.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
            channel.shutdown().awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
            channel.shutdownNow();
        }
    }
}
