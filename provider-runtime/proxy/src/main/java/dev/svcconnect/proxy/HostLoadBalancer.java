package dev.svcconnect.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.model.watch.LoadBalancerView;
import dev.svcconnect.model.watch.WatchResult;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import dev.svcconnect.proxy.tls.WorkloadCertificates;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy on the host that balances one listener over the endpoints of a discovery name in a
 * namespace, following {@code GET /watch/v1/namespaces/{name}/load-balancers/{discoveryName}}: the
 * local stand-in for a load balancer in front of a Service Connect service. It starts with no
 * endpoint (answering 503) and keeps the last endpoints while the control plane is unreachable.
 * Where the namespace uses mutual TLS it is a mesh client with an identity of its own,
 * {@code load-balancer-DISCOVERY_NAME}, whose certificate it asks for with its reader key.
 *
 * <pre>{@code
 * HostLoadBalancer lb = HostLoadBalancer.start(URI.create("http://127.0.0.1:7700"), "svc-namespace",
 *         "webui-svc", ListenerConfig.builder().name("lb").bind("127.0.0.1:8800").protocol(Protocol.HTTP), null);
 * }</pre>
 */
public final class HostLoadBalancer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostLoadBalancer.class);
    private static final int WAIT_SECONDS = 30;
    private static final TypeReference<WatchResult<LoadBalancerView>> VIEW = new TypeReference<>() {};

    private final URI watch;
    private final String authorization;
    private final String discoveryName;
    private final ListenerConfig listener;
    private final AdminConfig admin;
    private final Proxy proxy;
    private final HttpClient client;
    private final Thread watcher;
    private final WorkloadCertificates certificates;
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
                        + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/load-balancers/"
                        + URLEncoder.encode(discoveryName, StandardCharsets.UTF_8));
        this.discoveryName = requireNonNull(discoveryName, "discoveryName");
        this.certificates = WorkloadCertificates.forLoadBalancer(
                ControlPlaneEndpoints.single(controlPlane), caBundle, namespace, discoveryName, Clock.systemUTC());
        builder.meshTls(() -> certificates.start(DynamicProxy.CERTIFICATE_PATIENCE));
        this.listener = requireNonNull(listener, "listener");
        this.admin = admin == null ? AdminConfig.defaults() : admin;
        this.proxy = builder.start(config(new LoadBalancerView(List.of(), false, null, null, null)));
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

    private ProxyConfig config(LoadBalancerView view) {
        ProxyConfig.Builder config = ProxyConfig.builder().admin(admin).serviceName("load-balancer-" + discoveryName);
        if (!view.mutualTls()) {
            return config.listener(listener.withEndpoints(view.endpoints())).build();
        }
        ListenerConfig.Builder meshListener = ListenerConfig.builder()
                .name(listener.name())
                .bind(listener.bind())
                .protocol(listener.protocol())
                .discoveryName(discoveryName)
                .loadBalancing(listener.loadBalancing())
                .perRequestTimeoutSeconds(listener.perRequestTimeoutSeconds())
                .idleTimeoutSeconds(listener.idleTimeoutSeconds())
                .endpoints(view.endpoints())
                .mutualTls(true)
                .serverIdentity(view.serverIdentity());
        return config.trustDomain(view.trustDomain())
                .listener(meshListener.build())
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
                    WatchResult<LoadBalancerView> answer = Json.mapper().readValue(response.body(), VIEW);
                    revision = answer.revision();
                    LoadBalancerView view = answer.value();
                    proxy.apply(config(view));
                    log.info(
                            "revision {}: {} endpoints of {}{}: {}",
                            revision,
                            view.endpoints().size(),
                            discoveryName,
                            view.mutualTls() ? " (mutual TLS as " + view.identity() + ")" : "",
                            view.endpoints());
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
        certificates.close();
        proxy.close();
    }
}
