package dev.svcconnect.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControlPlaneClientTest {

    @Test
    void anErrorAnswerOfTheApiReadsAsASentenceNamingItsType() {
        ControlPlaneClient.ApiError error = new ControlPlaneClient.ApiError(
                400, "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found: nope.\"}");

        assertThat(error.getMessage())
                .isEqualTo(
                        "the control plane refused it (HTTP 400, ClusterNotFoundException): Cluster not found: nope.");
        assertThat(error.status()).isEqualTo(400);
    }

    @Test
    void anAnswerThatIsNotAnApiErrorIsShownAsItCame() {
        assertThat(new ControlPlaneClient.ApiError(502, "Bad Gateway").getMessage())
                .isEqualTo("the control plane refused it (HTTP 502): Bad Gateway");
    }

    @Test
    void aReplicaThatDoesNotAnswerHandsTheNextCallToTheNextReplica() throws Exception {
        HttpServer replica = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replica.createContext("/", exchange -> {
            byte[] body = "{\"answeredBy\":\"second\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        replica.start();
        try {
            ControlPlaneEndpoints replicas = ControlPlaneEndpoints.parse(
                    "--control-plane",
                    "http://127.0.0.1:" + closedPort() + ",http://127.0.0.1:"
                            + replica.getAddress().getPort());
            ControlPlaneClient client = new ControlPlaneClient(replicas, Optional.empty());

            assertThatThrownBy(() -> client.post("/watch/v1/hosts/h/heartbeat", Map.of()))
                    .isInstanceOf(IOException.class);
            JsonNode answer = client.post("/watch/v1/hosts/h/heartbeat", Map.of());

            assertThat(answer.path("answeredBy").asText()).isEqualTo("second");
            assertThat(replicas.current()).isEqualTo(replicas.all().get(1));
        } finally {
            replica.stop(0);
        }
    }

    /**
     * The sidecar's key is fetched again when the control plane answers a server error (or not at
     * all), as under load: a task does not fail to start for one lost answer.
     */
    @Test
    void theSidecarsKeyIsFetchedAgainAfterAServerErrorButNotAfterARefusal() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/watch/v1/tasks/", exchange -> {
            boolean first = calls.incrementAndGet() == 1;
            boolean refused = exchange.getRequestURI().getPath().contains("/refused/");
            int status = refused ? 403 : first ? 503 : 200;
            String body = status == 200
                    ? "{\"accessKeyId\":\"SVCCKEY\",\"secretAccessKey\":\"s3cret\"}"
                    : "{\"__type\":\"" + (refused ? "AccessDeniedException" : "ServiceUnavailableException")
                            + "\",\"message\":\"no\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            ControlPlaneClient client = new ControlPlaneClient(
                    ControlPlaneEndpoints.parse(
                            "--control-plane",
                            "http://127.0.0.1:" + server.getAddress().getPort()),
                    Optional.empty());

            assertThat(client.proxyKey("a1")).isEqualTo("SVCCKEY:s3cret");
            assertThat(calls).hasValue(2);

            calls.set(0);
            assertThatThrownBy(() -> client.proxyKey("refused/a2"))
                    .isInstanceOf(ControlPlaneClient.ApiError.class)
                    .hasMessage("the control plane refused it (HTTP 403, AccessDeniedException): no");
            assertThat(calls).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    /** A loopback port nothing listens on: a replica that was killed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
