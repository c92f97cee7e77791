package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.Identity;
import dev.svcconnect.controlplane.auth.Role;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.controlplane.server.SdkClients;
import dev.svcconnect.controlplane.server.ServerLimits;
import dev.svcconnect.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * Streamed watches ({@code stream=true}): one answer carries every change as a line, resumes by
 * revision after a reconnect without missing or repeating one, sends heartbeats while idle, and is
 * authorized and capped like a long-poll.
 */
class WatchStreamingTest {

    @TempDir
    Path data;

    private ControlPlaneServer server;
    private EcsClient ecs;
    private ServiceDiscoveryClient cloudMap;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private void start(ServerLimits limits) {
        server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(data)
                .limits(limits)
                .build());
        var credentials = ControlPlaneFixture.provider(server.adminCredentials());
        ecs = ControlPlaneFixture.ecs(server.endpoint(), credentials);
        cloudMap = ControlPlaneFixture.cloudMap(server.endpoint(), credentials);
        SdkClients.cluster(ecs, "east", "shop");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            ecs.close();
            cloudMap.close();
            server.close();
        }
    }

    /** The lines of one streamed answer, read on a thread of their own; each read waits 30 s at most. */
    private static final class Lines implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Lines(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try {
                    Iterator<String> it = response.body().iterator();
                    while (it.hasNext()) {
                        lines.add(it.next());
                    }
                } catch (RuntimeException e) {
                    // closed
                }
                lines.add("<end>");
            });
            reader.setDaemon(true);
            reader.start();
        }

        String next() throws InterruptedException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("a line within 30 s").isNotNull();
            return line;
        }

        /** The next line that is not a heartbeat, as a watch result. */
        JsonNode nextValue() throws Exception {
            String line;
            do {
                line = next();
            } while (line.isEmpty());
            return Json.mapper().readTree(line);
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    private HttpResponse<Stream<String>> open(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    }

    private Lines stream(String path) throws Exception {
        HttpResponse<Stream<String>> response = open(path, admin());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        return new Lines(response);
    }

    private String admin() {
        return TestSigning.bearer(server.adminCredentials());
    }

    private String cloudMapService(String name) {
        String namespaceId = cloudMap.listNamespaces(b -> {}).namespaces().stream()
                .filter(n -> n.name().equals("shop"))
                .findFirst()
                .orElseThrow()
                .id();
        return cloudMap.createService(b -> b.name(name).namespaceId(namespaceId))
                .service()
                .id();
    }

    private void register(String serviceId, String instanceId, String ip) {
        cloudMap.registerInstance(b -> b.serviceId(serviceId)
                .instanceId(instanceId)
                .attributes(Map.of("AWS_INSTANCE_IPV4", ip, "AWS_INSTANCE_PORT", "8080")));
    }

    @Test
    void oneAnswerCarriesEveryChangeAsALine() throws Exception {
        start(ServerLimits.defaults());
        String orders = cloudMapService("orders");
        try (Lines lines = stream("/watch/v1/namespaces/shop/endpoints?stream=true")) {
            JsonNode first = lines.nextValue();
            assertThat(first.get("value").path("orders")).isEmpty();

            register(orders, "a", "10.0.0.1");
            JsonNode second = lines.nextValue();
            register(orders, "b", "10.0.0.2");
            JsonNode third = lines.nextValue();

            assertThat(second.get("revision").asLong())
                    .isGreaterThan(first.get("revision").asLong());
            assertThat(second.get("value").get("orders").toString()).isEqualTo("[\"10.0.0.1:8080\"]");
            assertThat(third.get("revision").asLong())
                    .isGreaterThan(second.get("revision").asLong());
            assertThat(third.get("value").get("orders")).hasSize(2);
        }
    }

    @Test
    void aReconnectWithTheLastRevisionMissesNothingAndRepeatsNothing() throws Exception {
        start(ServerLimits.defaults());
        String orders = cloudMapService("orders");
        String path = "/watch/v1/namespaces/shop/endpoints?stream=true&heartbeatSeconds=1";
        long seen;
        try (Lines lines = stream(path)) {
            seen = lines.nextValue().get("revision").asLong();
        }
        register(orders, "a", "10.0.0.1"); // while no stream is open

        long resumed;
        try (Lines lines = stream(path + "&revision=" + seen)) {
            JsonNode missed = lines.nextValue();
            assertThat(missed.get("value").get("orders").toString()).isEqualTo("[\"10.0.0.1:8080\"]");
            resumed = missed.get("revision").asLong();
        }
        try (Lines lines = stream(path + "&revision=" + resumed)) {
            assertThat(lines.next())
                    .as("a heartbeat, not the value seen already")
                    .isEmpty();
            register(orders, "b", "10.0.0.2");
            assertThat(lines.nextValue().get("value").get("orders")).hasSize(2);
        }
    }

    @Test
    void anUnknownTaskAndBadParametersAreAnsweredBeforeAStreamStarts() throws Exception {
        start(ServerLimits.defaults());

        HttpResponse<Stream<String>> task = open("/watch/v1/tasks/0123abcd/proxy-config?stream=true", admin());
        assertThat(task.statusCode()).isEqualTo(404);
        assertThat(task.body().findFirst().orElse("")).contains("\"__type\":\"TaskNotFoundException\"");

        HttpResponse<Stream<String>> flag = open("/watch/v1/namespaces/shop/endpoints?stream=yes", admin());
        assertThat(flag.statusCode()).isEqualTo(400);
        assertThat(flag.body().findFirst().orElse(""))
                .contains("InvalidParameterException", "stream: 'yes' (expected: true or false)");

        HttpResponse<Stream<String>> heartbeat =
                open("/watch/v1/namespaces/shop/endpoints?stream=true&heartbeatSeconds=0", admin());
        assertThat(heartbeat.statusCode()).isEqualTo(400);
        assertThat(heartbeat.body().findFirst().orElse("")).contains("heartbeatSeconds: 0 (expected: 1-300)");
    }

    @Test
    void aStreamIsRefusedWithTheAwsErrorOfItsCaller() throws Exception {
        start(ServerLimits.defaults());
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        SdkClients.scService(ecs, "east", "web", "web", "http", "web", "web.shop", 80, 1);
        String taskArn = ecs.listTasks(b -> b.cluster("east")).taskArns().get(0);
        String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        String path = "/watch/v1/tasks/" + taskId + "/proxy-config?stream=true";

        HttpResponse<Stream<String>> anonymous = open(path, null);
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body().findFirst().orElse("")).contains("MissingAuthenticationTokenException");

        HttpResponse<Stream<String>> reader = open(path, TestSigning.bearer(readerKey()));
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.body().findFirst().orElse("")).contains("AccessDeniedException");

        HttpResponse<Stream<String>> forged = open(path, "Bearer AKIDFORGED0000000000:nothing");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body().findFirst().orElse("")).contains("UnrecognizedClientException");
    }

    @Test
    void aStreamHoldsOneOfItsCallersWatchesUntilItCloses() throws Exception {
        start(ServerLimits.builder().maxWatchersPerCaller(1).build());
        String path = "/watch/v1/namespaces/shop/endpoints?stream=true";
        Lines first = stream(path);
        first.nextValue();

        HttpResponse<Stream<String>> second = open(path, admin());
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(second.body().findFirst().orElse(""))
                .contains("TooManyRequestsException", "At most 1 watch requests may wait at a time per caller");

        first.close();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<Stream<String>> again = open(path, admin());
            try (Stream<String> body = again.body()) {
                assertThat(again.statusCode()).isEqualTo(200);
            }
        });
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
}
