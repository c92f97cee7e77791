package dev.svcconnect.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy on the host that balances one listener over the endpoints of a discovery name in a
 * namespace, following {@code GET /watch/v1/namespaces/{name}/endpoints}: the local stand-in for
 * a load balancer in front of a Service Connect service. It starts with no endpoint (answering 503)
 * and keeps the last endpoints while the control plane is unreachable.
 *
 * <pre>{@code
 * HostLoadBalancer lb = HostLoadBalancer.start(URI.create("http://127.0.0.1:7700"), "svc-namespace",
 *         "webui-svc", ListenerConfig.builder().name("lb").bind("127.0.0.1:8800").protocol(Protocol.HTTP), null);
 * }</pre>
 */
public final class HostLoadBalancer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostLoadBalancer.class);
    private static final int WAIT_SECONDS = 30;

    private final URI watch;
    private final String authorization;
    private final String discoveryName;
    private final ListenerConfig listener;
    private final AdminConfig admin;
    private final Proxy proxy;
    private final HttpClient client;
    private final Thread watcher;
    private volatile boolean closed;

    private HostLoadBalancer(
            URI controlPlane,
            Optional<CaBundle> caBundle,
            String namespace,
            String discoveryName,
            ListenerConfig listener,
            AdminConfig admin,
            Proxy.Builder builder) {
        this.authorization = ControlPlaneKey.authorization(controlPlane);
        this.client = CaBundle.httpClient(caBundle)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.watch =
                URI.create(ControlPlaneKey.withoutKey(controlPlane).toString().replaceAll("/+$", "")
                        + "/watch/v1/namespaces/"
                        + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/endpoints");
        this.discoveryName = requireNonNull(discoveryName, "discoveryName");
        this.listener = requireNonNull(listener, "listener");
        this.admin = admin == null ? AdminConfig.defaults() : admin;
        this.proxy = builder.start(config(List.of()));
        this.watcher = new Thread(this::follow, "load-balancer-watch");
        watcher.setDaemon(true);
    }

    /**
     * Starts the proxy with {@code listener} (its name, bind address and protocol; its endpoints are
     * replaced) and follows the endpoints of {@code discoveryName} in {@code namespace}; an
     * {@code https://} control plane's certificate is verified against {@code caBundle} (empty: the
     * JDK's trusted CAs).
     */
    public static HostLoadBalancer start(
            URI controlPlane,
            Optional<CaBundle> caBundle,
            String namespace,
            String discoveryName,
            ListenerConfig listener,
            AdminConfig admin,
            Proxy.Builder builder) {
        HostLoadBalancer lb = new HostLoadBalancer(
                controlPlane, caBundle, namespace, discoveryName, listener.withEndpoints(List.of()), admin, builder);
        lb.watcher.start();
        return lb;
    }

    private HttpRequest.Builder withKey(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    /** The running proxy. */
    public Proxy proxy() {
        return proxy;
    }

    private ProxyConfig config(List<String> endpoints) {
        return ProxyConfig.builder()
                .admin(admin)
                .serviceName("load-balancer-" + discoveryName)
                .listener(listener.withEndpoints(endpoints))
                .build();
    }

    private void follow() {
        long revision = -1;
        long backoff = 200;
        while (!closed) {
            String query = revision < 0
                    ? "?waitSeconds=" + WAIT_SECONDS
                    : "?revision=" + revision + "&waitSeconds=" + WAIT_SECONDS;
            try {
                HttpResponse<String> response = client.send(
                        withKey(HttpRequest.newBuilder(URI.create(watch + query))
                                        .timeout(Duration.ofSeconds(WAIT_SECONDS + 10L))
                                        .GET())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode answer = Json.mapper().readTree(response.body());
                    revision = answer.path("revision").asLong();
                    List<String> endpoints = new ArrayList<>();
                    answer.path("value").path(discoveryName).forEach(e -> endpoints.add(e.asText()));
                    proxy.apply(config(endpoints));
                    log.info(
                            "revision {}: {} endpoints of {}: {}",
                            revision,
                            discoveryName,
                            endpoints.size(),
                            endpoints);
                    backoff = 200;
                } else if (response.statusCode() != 304) {
                    log.warn(
                            "{} answered {}: {}",
                            watch,
                            response.statusCode(),
                            response.body().strip());
                    backoff = pause(backoff);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("control plane unreachable, keeping the last endpoints: {}", e.toString());
                backoff = pause(backoff);
            }
        }
    }

    private static long pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.min(millis * 2, 5000);
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        proxy.close();
    }
}
