package dev.svcconnect.proxy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.model.access.AccessPolicy;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.GreetingBackend;
import dev.svcconnect.proxy.support.GrpcEcho;
import dev.svcconnect.proxy.support.IdentifiedListener;
import dev.svcconnect.proxy.support.KeepAliveClient;
import dev.svcconnect.proxy.support.RawBackend;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inbound listeners enforcing access policies over real loopback connections. The caller's
 * identity is set on each accepted connection by a test handler ({@link IdentifiedListener}), as
 * the mutual TLS layer sets it after the handshake in a running proxy.
 */
class AccessEnforcementTest extends Closer {

    private static final String NS = "svc-namespace";
    private static final WorkloadIdentity WEBUI = WorkloadIdentity.of("svc-connect.local", NS, "webui");
    private static final WorkloadIdentity DB = WorkloadIdentity.of("svc-connect.local", NS, "db");
    private static final WorkloadIdentity FOREIGN = WorkloadIdentity.of("svc-connect.local", "other-ns", "webui");
    private static final AccessPolicy ONLY_WEBUI = AccessPolicy.of(NS, "appserver", List.of("webui"));

    private IdentifiedListener listener(Protocol protocol, String endpoint, AccessPolicy policy) {
        return closing(new IdentifiedListener(inbound(protocol, endpoint, policy)));
    }

    private static ListenerConfig inbound(Protocol protocol, String endpoint, AccessPolicy policy) {
        return ListenerConfig.builder()
                .name("inbound-appserver")
                .direction(Direction.INBOUND)
                .bind("127.0.0.1:1")
                .protocol(protocol)
                .discoveryName("appserver")
                .endpoint(endpoint)
                .access(policy)
                .build();
    }

    /** Sends one HTTP/1.1 request on a new connection; the whole answer, read until the proxy closes or 2 s pass. */
    private static String http1(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream()
                    .write("GET /items HTTP/1.1\r\nHost: appserver\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                // a kept-alive answer: all of it has arrived
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void http1AnswersARefusedCaller403NamingTheRuleAndCountsItByCaller() throws Exception {
        RawBackend app = closing(new RawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        IdentifiedListener listener = listener(Protocol.HTTP, app.address(), ONLY_WEBUI);

        listener.nextCaller.set(WEBUI);
        assertThat(http1(listener.port())).startsWith("HTTP/1.1 200 OK").endsWith("ok");

        listener.nextCaller.set(DB);
        String refused = http1(listener.port());
        assertThat(refused)
                .startsWith("HTTP/1.1 403 Forbidden")
                .contains("connection: close")
                .endsWith("access denied: caller 'svc-namespace/db' may not call 'appserver' of namespace"
                        + " 'svc-namespace': its access policy allows webui\n");
        assertThat(listener.scrape())
                .contains("RequestCountDenied_total{Caller=\"spiffe://svc-connect.local/ns/svc-namespace/svc/db\","
                        + "ClusterName=\"east\",DiscoveryName=\"appserver\",ServiceName=\"appserver\"} 1.0");
        assertThat(listener.state().metrics().deniedRequests()).isEqualTo(1);
        assertThat(listener.report().denials())
                .containsExactly(new dev.svcconnect.model.metrics.DeniedCalls("appserver", DB.uri(), 1));
    }

    @Test
    void theDefaultPolicyRefusesAnotherNamespaceAndAllowsACallerWithoutIdentity() throws Exception {
        RawBackend app = closing(new RawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        IdentifiedListener listener = listener(Protocol.HTTP, app.address(), AccessPolicy.defaultFor(NS, "appserver"));

        listener.nextCaller.set(FOREIGN);
        assertThat(http1(listener.port()))
                .startsWith("HTTP/1.1 403")
                .contains("caller 'other-ns/webui' may not call 'appserver' of namespace 'svc-namespace':"
                        + " the default policy allows every service of namespace 'svc-namespace'");
        listener.nextCaller.set(null);
        assertThat(http1(listener.port())).startsWith("HTTP/1.1 200 OK");
        listener.nextCaller.set(DB);
        assertThat(http1(listener.port())).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void anExplicitPolicyRefusesACallerWithoutIdentity() throws Exception {
        RawBackend app = closing(new RawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        IdentifiedListener listener = listener(Protocol.HTTP, app.address(), ONLY_WEBUI);

        assertThat(http1(listener.port()))
                .startsWith("HTTP/1.1 403")
                .contains("a caller without a verified identity (mutual TLS off) may not call 'appserver'");
        assertThat(listener.scrape()).contains("RequestCountDenied_total{Caller=\"unknown\"");
    }

    @Test
    void grpcAnswersARefusedCallPermissionDeniedWithTheRuleAsItsMessage() {
        GrpcEcho app = closing(GrpcEcho.start("app"));
        IdentifiedListener listener = listener(Protocol.GRPC, app.address(), ONLY_WEBUI);

        listener.nextCaller.set(WEBUI);
        assertThat(ClientCalls.blockingUnaryCall(channel(listener), GrpcEcho.UNARY, CallOptions.DEFAULT, "hi"))
                .isEqualTo("app:hi");

        listener.nextCaller.set(DB);
        ManagedChannel refused = channel(listener);
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(refused, GrpcEcho.UNARY, CallOptions.DEFAULT, "hi"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("403 access denied: caller 'svc-namespace/db' may not call 'appserver'"
                                    + " of namespace 'svc-namespace': its access policy allows webui");
                });
        assertThat(listener.state().metrics().deniedRequests()).isEqualTo(1);
    }

    private ManagedChannel channel(IdentifiedListener listener) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", listener.port())
                .usePlaintext()
                .build();
        closing(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }

    @Test
    void tcpClosesARefusedConnectionBeforeItReachesTheApplication() throws Exception {
        GreetingBackend app = closing(new GreetingBackend());
        IdentifiedListener listener = listener(Protocol.TCP, app.address(), ONLY_WEBUI);

        listener.nextCaller.set(WEBUI);
        try (Socket allowed = socket(listener)) {
            assertThat(readLine(allowed)).isEqualTo("hello");
        }
        listener.nextCaller.set(DB);
        try (Socket refused = socket(listener)) {
            assertThat(refused.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
        assertThat(app.connections()).isEqualTo(1);
        assertThat(listener.state().metrics().deniedRequests()).isEqualTo(1);
    }

    @Test
    void aPolicyChangeClosesTheOpenConnectionsOfCallersItNoLongerAllows() throws Exception {
        GreetingBackend app = closing(new GreetingBackend());
        IdentifiedListener listener = listener(Protocol.TCP, app.address(), AccessPolicy.defaultFor(NS, "appserver"));
        listener.nextCaller.set(DB);
        Socket db = closing(socket(listener));
        assertThat(readLine(db))
                .as("once greeted, the connection was accepted as db's")
                .isEqualTo("hello");
        listener.nextCaller.set(WEBUI);
        Socket webui = closing(socket(listener));
        assertThat(readLine(webui)).isEqualTo("hello");

        AccessPolicy before = listener.state().config().access();
        listener.state().update(inbound(Protocol.TCP, app.address(), ONLY_WEBUI));
        int closed = InboundAccess.closeRefused(listener.state(), before);

        assertThat(closed).isEqualTo(1);
        assertThat(db.getInputStream().read()).as("db's connection, closed").isEqualTo(-1);
        webui.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(webui)).isEqualTo("still here");
    }

    @Test
    void theProxyClosesAKeptAliveConnectionWhenANewConfigurationRefusesItsCaller() throws Exception {
        RawBackend app = closing(new RawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        ListenerConfig open = ListenerConfig.builder()
                .name("inbound-appserver")
                .direction(Direction.INBOUND)
                .bind(Configs.freeAddress())
                .protocol(Protocol.HTTP)
                .discoveryName("appserver")
                .endpoint(app.address())
                .access(AccessPolicy.defaultFor(NS, "appserver"))
                .build();
        Proxy proxy = closing(Proxy.builder().threads(1).start(Configs.proxy(open)));
        KeepAliveClient client = closing(
                new KeepAliveClient(proxy.listenerAddress("inbound-appserver").getPort()));
        assertThat(client.get("/")).isEqualTo("ok");

        long started = System.nanoTime();
        proxy.apply(Configs.proxy(new ListenerConfig(
                open.name(),
                open.direction(),
                open.bind(),
                open.protocol(),
                open.discoveryName(),
                open.endpoints(),
                open.loadBalancing(),
                open.perRequestTimeoutSeconds(),
                open.idleTimeoutSeconds(),
                ONLY_WEBUI,
                open.mutualTls(),
                open.serverIdentity())));

        // The proxy closes the connection on its event loop, soon after apply returns.
        await().atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> proxy.metrics()
                                .listener(Direction.INBOUND, "appserver")
                                .counters("appserver")
                                .activeConnections()
                        == 0);
        long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThatThrownBy(() -> client.get("/"))
                .as("an end of stream, or a reset for the request written to the closed connection")
                .isInstanceOf(IOException.class);
        System.out.println("connection of a caller the new policy refuses closed in " + closedMillis
                + " ms after the configuration");
    }

    private static Socket socket(IdentifiedListener listener) throws IOException {
        Socket socket = new Socket("127.0.0.1", listener.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String readLine(Socket socket) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
