package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.Identity;
import dev.svcconnect.controlplane.auth.Role;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import dev.svcconnect.testsupport.Curl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * The control plane bounds what one client can hold: connections (total and per address), the
 * time to send a request head and body, idle keep-alive connections, places in the API queue and
 * held watch requests; a long-poll is never cut by these deadlines.
 */
class ServerLimitsTest {

    @TempDir
    Path data;

    private ControlPlaneServer server;
    private final List<Socket> sockets = new ArrayList<>();

    private ControlPlaneServer start(ServerLimits limits) {
        server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(data)
                .limits(limits)
                .build());
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRequestHeadThatDoesNotArriveInTimeIsAnswered408AndClosed() throws IOException {
        start(ServerLimits.builder().requestHeadTimeout(Duration.ofMillis(500)).build());
        Socket slow = connect("127.0.0.1");

        slow.getOutputStream()
                .write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));

        String answer = readToEnd(slow);
        assertThat(answer).startsWith("HTTP/1.1 408 ");
        assertThat(answer).contains("\"__type\":\"RequestTimeoutException\"", "did not arrive within 500 ms");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeadDeadline() throws IOException {
        start(ServerLimits.builder().requestHeadTimeout(Duration.ofMillis(500)).build());

        assertThat(readToEnd(connect("127.0.0.1"))).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void aBodyThatTricklesIsCutWith408() throws IOException {
        start(ServerLimits.builder()
                .requestBodyTimeout(Duration.ofMillis(500))
                .minBodyBytesPerSecond(1000)
                .build());
        Path body = Files.writeString(data.resolve("body.json"), "{\"clusters\": [\"" + "a".repeat(8000) + "\"]}");

        // 200 bytes a second: the 8 KB body would take 40 s; the server cuts it in about a second.
        Curl.Result curl = Curl.run(
                "--limit-rate",
                "200",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-H",
                "Content-Type: application/x-amz-json-1.1",
                "-H",
                "X-Amz-Target: AmazonEC2ContainerServiceV20141113.DescribeClusters",
                "--data-binary",
                "@" + body,
                server.endpoint() + "/");

        // curl may see the 408, or only the connection reset under the rest of its upload
        assertThat(curl.out().equals("408") || curl.exitCode() == 55 || curl.exitCode() == 56)
                .as("curl: %s", curl)
                .isTrue();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws IOException {
        start(ServerLimits.builder().idleTimeout(Duration.ofMillis(500)).build());
        Socket client = connect("127.0.0.1");

        client.getOutputStream()
                .write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        String answer = readToEnd(client);
        assertThat(answer).startsWith("HTTP/1.1 200 ").doesNotContain("HTTP/1.1 408");
    }

    @Test
    void aLongPollOutlivesTheHeadBodyAndIdleDeadlines() throws Exception {
        start(ServerLimits.builder()
                .requestHeadTimeout(Duration.ofMillis(300))
                .requestBodyTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofMillis(300))
                .build());
        long revision = endpointsRevision();

        Curl.Result poll = Curl.run(
                "-H",
                adminAuthorization(),
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                server.endpoint() + "/watch/v1/namespaces/shop/endpoints?revision=" + revision + "&waitSeconds=2");

        assertThat(poll.out()).isEqualTo("304");
    }

    @Test
    void aClientAddressOverItsCapIsRefusedAtAcceptWhileOthersAreServed() throws IOException {
        start(ServerLimits.builder().maxConnectionsPerAddress(2).build());
        connect("127.0.0.2");
        connect("127.0.0.2");
        awaitOpen(2);

        Socket third = connect("127.0.0.2");

        assertThat(readToEnd(third)).isEmpty();
        assertThat(Curl.statuses(server.endpoint() + "/health")).containsExactly("200");
        Curl.Result other = Curl.run(
                "--interface", "127.0.0.3", "-o", "/dev/null", "-w", "%{http_code}", server.endpoint() + "/health");
        assertThat(other.out()).isEqualTo("200");
    }

    @Test
    void aFullApiQueueIsThrottlingToTheSdkTheCliAndTheWatchApi() throws Exception {
        start(ServerLimits.builder().apiQueue(1).build());
        CountDownLatch release = new CountDownLatch(1);
        fillApiQueue(server.apiExecutor(), release);
        try (EcsClient ecs = EcsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(ControlPlaneFixture.provider(server.adminCredentials()))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {

            assertThatThrownBy(ecs::listClusters).isInstanceOfSatisfying(EcsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.numAttempts()).as("the SDK retried").isGreaterThan(1);
            });
            AwsCli.Result cli = AwsCli.admin(server.endpoint(), data, data).run("ecs", "list-clusters");
            assertThat(cli.exitCode()).isNotZero();
            assertThat(cli.output()).contains("(ThrottlingException)", "reached max retries", "Rate exceeded.");
            Curl.Result watch = Curl.run("-i", "-X", "POST", server.endpoint() + "/watch/v1/hosts/0123abcd/heartbeat");
            assertThat(watch.out()).startsWith("HTTP/1.1 429 ").containsIgnoringCase("Retry-After: 1");

            release.countDown();
            assertThat(ecs.listClusters().clusterArns()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aCallerOverItsCapOfHeldWatchesGets429() throws Exception {
        start(ServerLimits.builder().maxWatchersPerCaller(1).build());
        long revision = endpointsRevision();
        String poll = "/watch/v1/namespaces/shop/endpoints?revision=" + revision + "&waitSeconds=30";
        Socket held = connect("127.0.0.1");
        held.getOutputStream()
                .write(("GET " + poll + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + adminAuthorization() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Curl.Result second = Curl.run("-H", adminAuthorization(), "-w", "\n%{http_code}", server.endpoint() + poll);
            assertThat(second.out())
                    .endsWith("429")
                    .contains("TooManyRequestsException", "At most 1 watch requests may wait at a time per caller");
        });
        // The caller is the key the watch authenticated with: another address does not make another caller...
        Curl.Result sameKeyElsewhere = Curl.run(
                "--interface",
                "127.0.0.4",
                "-H",
                adminAuthorization(),
                "-w",
                "\n%{http_code}",
                server.endpoint() + poll);
        assertThat(sameKeyElsewhere.out()).endsWith("429");
        // ...and another key from the same address is another caller.
        AccessKey reader = readerKey();
        Curl.Result otherKey = Curl.run(
                "-H",
                "Authorization: " + TestSigning.bearer(reader),
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                server.endpoint() + poll.replace("waitSeconds=30", "waitSeconds=0"));
        assertThat(otherKey.out()).isEqualTo("304");
    }

    private String adminAuthorization() {
        return "Authorization: " + TestSigning.bearer(server.adminCredentials());
    }

    private AccessKey readerKey() {
        var created = TestSigning.call(
                server.endpoint(),
                server.adminCredentials(),
                "CreateAccessKey",
                Json.mapper().createObjectNode().put("Role", "reader").put("Name", "dashboards"));
        return new AccessKey(
                Identity.user(created.get("AccessKeyId").asText(), Role.READER, "dashboards"),
                created.get("SecretAccessKey").asText());
    }

    /** Keeps the API's threads busy and its queue full until {@code release}. */
    private static void fillApiQueue(ExecutorService executor, CountDownLatch release) {
        Runnable busy = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            for (int i = 0; i < 100; i++) {
                executor.execute(busy);
            }
            throw new AssertionError("the API queue took 100 tasks");
        } catch (RejectedExecutionException full) {
            // threads busy, queue full
        }
    }

    private long endpointsRevision() throws IOException {
        try (EcsClient ecs =
                ControlPlaneFixture.ecs(server.endpoint(), ControlPlaneFixture.provider(server.adminCredentials()))) {
            SdkClients.cluster(ecs, "east", "shop");
        }
        Curl.Result first =
                Curl.run("-H", adminAuthorization(), server.endpoint() + "/watch/v1/namespaces/shop/endpoints");
        return Json.mapper().readTree(first.out()).get("revision").asLong();
    }

    private void awaitOpen(int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == count);
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Everything the server sends until it closes; fails if it does not close within the socket's timeout. */
    private static String readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            in.transferTo(read);
        } catch (SocketException reset) {
            // closed at accept: a reset is as good as an end
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
