package dev.svcconnect.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.GrpcEcho;
import dev.svcconnect.proxy.support.KeepAliveClient;
import dev.svcconnect.proxy.support.OpensslCa;
import dev.svcconnect.proxy.support.WebSocketEcho;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.HttpBackend;
import dev.svcconnect.testsupport.Programs;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two proxies with mutual TLS between them, certificates from an openssl CA: the client proxy's
 * outbound listener originates TLS 1.3 to the server proxy's inbound listener, which requires a
 * client certificate of the mesh; the application hops stay plaintext.
 */
class MutualTlsTest extends Closer {

    private static final String DOMAIN = "svc-connect.local";
    private static final WorkloadIdentity SERVER = WorkloadIdentity.of(DOMAIN, "ns1", "appserver");
    private static final WorkloadIdentity SERVER_NAME = WorkloadIdentity.of(DOMAIN, "ns1", "appserver-svc");
    private static final WorkloadIdentity CLIENT = WorkloadIdentity.of(DOMAIN, "ns1", "webui");

    @TempDir
    Path directory;

    private OpensslCa ca;

    @BeforeEach
    void createCa() {
        ca = OpensslCa.create(directory, "test mesh CA");
    }

    private Proxy server(MeshTls tls, Protocol protocol, String backend) {
        return closing(Proxy.builder()
                .meshTls(() -> tls)
                .start(ProxyConfig.builder()
                        .admin(new AdminConfig(Configs.freeAddress()))
                        .trustDomain(DOMAIN)
                        .listener(Configs.listener("inbound")
                                .direction(Direction.INBOUND)
                                .protocol(protocol)
                                .discoveryName("appserver-svc")
                                .endpoint(backend)
                                .mutualTls(true)
                                .build())
                        .build()));
    }

    private Proxy client(MeshTls tls, Protocol protocol, InetSocketAddress server, WorkloadIdentity expected) {
        return closing(Proxy.builder()
                .meshTls(() -> tls)
                .start(ProxyConfig.builder()
                        .admin(new AdminConfig(Configs.freeAddress()))
                        .trustDomain(DOMAIN)
                        .listener(Configs.listener("outbound")
                                .protocol(protocol)
                                .discoveryName("appserver-svc")
                                .endpoint("127.0.0.1:" + server.getPort())
                                .mutualTls(true)
                                .serverIdentity(expected.uri())
                                .build())
                        .build()));
    }

    private int pair(Protocol protocol, String backend) {
        Proxy server = server(MeshTls.of(ca.issue(SERVER, SERVER_NAME)), protocol, backend);
        Proxy client = client(MeshTls.of(ca.issue(CLIENT)), protocol, server.listenerAddress("inbound"), SERVER_NAME);
        return client.listenerAddress("outbound").getPort();
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"HTTP", "TCP"})
    void http1AndTcpTravelEncryptedBetweenTheProxies(Protocol protocol) {
        HttpBackend backend = closing(HttpBackend.start("app"));
        int port = pair(protocol, backend.address());

        Curl.Result result = Curl.run("-s", "http://127.0.0.1:" + port + "/hello");

        assertThat(result.out()).startsWith("app GET /hello");
    }

    @Test
    void grpcTravelsOverH2BetweenTheProxies() throws Exception {
        GrpcEcho echo = closing(GrpcEcho.start("echo"));
        int port = pair(Protocol.GRPC, echo.address());
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        closing(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));

        for (int i = 0; i < 3; i++) {
            assertThat(ClientCalls.blockingUnaryCall(channel, GrpcEcho.UNARY, CallOptions.DEFAULT, "hi" + i))
                    .isEqualTo("echo:hi" + i);
        }
    }

    @Test
    void aWebSocketTravelsEncryptedBetweenTheProxies() throws Exception {
        WebSocketEcho echo = closing(new WebSocketEcho());
        int port = pair(Protocol.HTTP, echo.address());
        CompletableFuture<String> answer = new CompletableFuture<>();

        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("ping", true).get(5, TimeUnit.SECONDS);

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("echo:ping");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPlaintextClientAtTheInboundPortGetsNoAnswerFromTheApplication() throws Exception {
        HttpBackend backend = closing(HttpBackend.start("app"));
        Proxy server = server(MeshTls.of(ca.issue(SERVER)), Protocol.HTTP, backend.address());

        String answer;
        try (Socket socket =
                new Socket("127.0.0.1", server.listenerAddress("inbound").getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: app\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(answer).doesNotContain("HTTP/1.1").doesNotContain("app GET");
        assertThat(backend.requests()).isZero();
    }

    @Test
    void opensslSeesTls13AndTheServersSpiffeId() {
        HttpBackend backend = closing(HttpBackend.start("app"));
        Proxy server = server(MeshTls.of(ca.issue(SERVER, SERVER_NAME)), Protocol.HTTP, backend.address());
        ca.issue(CLIENT);
        Path[] client = ca.lastFiles();

        Programs.Result handshake = Programs.run(
                "sh",
                "-c",
                "openssl s_client -connect 127.0.0.1:"
                        + server.listenerAddress("inbound").getPort()
                        + " -CAfile " + ca.certificateFile() + " -cert " + client[0] + " -key " + client[1]
                        + " -verify_return_error -brief </dev/null 2>&1 | tee /dev/stderr >/dev/null;"
                        + " openssl s_client -connect 127.0.0.1:"
                        + server.listenerAddress("inbound").getPort()
                        + " -cert " + client[0] + " -key " + client[1] + " </dev/null 2>/dev/null"
                        + " | openssl x509 -noout -ext subjectAltName");

        assertThat(handshake.err()).contains("Protocol version: TLSv1.3").contains("Verification: OK");
        assertThat(handshake.out()).contains("URI:" + SERVER.uri()).contains("URI:" + SERVER_NAME.uri());
    }

    @Test
    void opensslWithoutAClientCertificateIsRefused() {
        HttpBackend backend = closing(HttpBackend.start("app"));
        Proxy server = server(MeshTls.of(ca.issue(SERVER)), Protocol.HTTP, backend.address());

        Programs.Result handshake = Programs.run(
                "sh",
                "-c",
                "printf 'GET / HTTP/1.1\\r\\nHost: app\\r\\n\\r\\n' | openssl s_client -quiet -connect 127.0.0.1:"
                        + server.listenerAddress("inbound").getPort() + " -CAfile " + ca.certificateFile() + " 2>&1");

        assertThat(handshake.out()).doesNotContain("app GET").containsIgnoringCase("alert");
        assertThat(backend.requests()).isZero();
    }

    /**
     * The status a request through a client proxy with {@code clientCredentials} gets from a server
     * proxy with {@code serverCredentials}, once it is sure the application behind saw nothing.
     */
    private String refusal(MeshCredentials serverCredentials, MeshCredentials clientCredentials) {
        HttpBackend backend = closing(HttpBackend.start("app"));
        Proxy server = server(MeshTls.of(serverCredentials), Protocol.HTTP, backend.address());
        Proxy client =
                client(MeshTls.of(clientCredentials), Protocol.HTTP, server.listenerAddress("inbound"), SERVER_NAME);
        String status = Curl.statuses(
                        "http://127.0.0.1:" + client.listenerAddress("outbound").getPort() + "/")
                .get(0);
        assertThat(backend.requests()).isZero();
        return status;
    }

    // TLS 1.3: a client finishes its handshake before the server checks the client's certificate, so
    // the server's refusal is an alert on the connection the request went out on: 502 for the application.

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        OpensslCa other = OpensslCa.create(Files.createDirectories(directory.resolve("other")), "another CA");
        MeshCredentials foreign = other.issue(CLIENT);
        MeshCredentials trustingOurCa =
                new MeshCredentials(foreign.key(), foreign.chain(), List.of(ca.certificate()), foreign.identities());

        assertThat(refusal(ca.issue(SERVER, SERVER_NAME), trustingOurCa)).isEqualTo("502");
    }

    @Test
    void anExpiredClientCertificateIsRefused() {
        assertThat(refusal(ca.issue(SERVER, SERVER_NAME), ca.issueExpired(CLIENT)))
                .isEqualTo("502");
    }

    @Test
    void aServerThatIsNotTheExpectedDiscoveryNameIsRefused() {
        // The client refuses during its own handshake: no request goes out, and no endpoint is left.
        assertThat(refusal(ca.issue(WorkloadIdentity.of(DOMAIN, "ns1", "db")), ca.issue(CLIENT)))
                .isEqualTo("503");
    }

    @Test
    void aClientOfAnotherNamespaceIsAcceptedAtTheTlsLayer() {
        HttpBackend backend = closing(HttpBackend.start("app"));
        Proxy server = server(MeshTls.of(ca.issue(SERVER, SERVER_NAME)), Protocol.HTTP, backend.address());
        Proxy client = client(
                MeshTls.of(ca.issue(WorkloadIdentity.of(DOMAIN, "ns2", "reports"))),
                Protocol.HTTP,
                server.listenerAddress("inbound"),
                SERVER_NAME);

        Curl.Result result = Curl.run(
                "-s", "http://127.0.0.1:" + client.listenerAddress("outbound").getPort() + "/x");

        assertThat(result.out()).startsWith("app GET /x");
    }

    @Test
    void newCertificatesTakeOverWithoutDroppingAnOpenConnection() throws Exception {
        HttpBackend backend = closing(HttpBackend.start("app"));
        MeshTls serverTls = MeshTls.of(ca.issue(SERVER, SERVER_NAME));
        MeshTls clientTls = MeshTls.of(ca.issue(CLIENT));
        Proxy server = server(serverTls, Protocol.HTTP, backend.address());
        Proxy client = client(clientTls, Protocol.HTTP, server.listenerAddress("inbound"), SERVER_NAME);
        KeepAliveClient open =
                closing(new KeepAliveClient(client.listenerAddress("outbound").getPort()));
        assertThat(open.get("/before")).startsWith("app GET /before");

        serverTls.update(ca.issue(SERVER, SERVER_NAME));
        clientTls.update(ca.issue(CLIENT));

        assertThat(open.get("/after")).startsWith("app GET /after");
        assertThat(Curl.run(
                                "-s",
                                "http://127.0.0.1:"
                                        + client.listenerAddress("outbound").getPort() + "/new")
                        .out())
                .startsWith("app GET /new");
    }
}
