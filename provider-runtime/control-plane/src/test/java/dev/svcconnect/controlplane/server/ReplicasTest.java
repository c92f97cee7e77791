package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.store.StoreLocation;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.PrivatePostgres;
import dev.svcconnect.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * Control plane replicas sharing one PostgreSQL database, over HTTP as their clients see them (one
 * test starts three JVMs: run it under the machine's heavy lock).
 */
class ReplicasTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private static ControlPlaneServer replica(String store, String id) {
        return ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(Path.of("/nonexistent-because-postgresql-holds-the-store"))
                .store(StoreLocation.parse(store, null, Map.of()))
                .replicaId(id)
                .build());
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    @Test
    void aWriteThroughOneReplicaIsReadThroughAnotherAndWakesItsWatchers() throws Exception {
        try (TestDatabase database = TestDatabase.create();
                ControlPlaneServer one = replica(database.url(), "one");
                ControlPlaneServer two = replica(database.url(), "two");
                EcsClient ecsOne = ControlPlaneFixture.ecs(one.endpoint());
                EcsClient ecsTwo = ControlPlaneFixture.ecs(two.endpoint());
                ServiceDiscoveryClient cloudMapOne = ControlPlaneFixture.cloudMap(one.endpoint())) {
            SdkClients.cluster(ecsOne, "web", "shop");
            assertThat(ecsTwo.describeClusters(b -> b.clusters("web")).clusters())
                    .singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));

            String namespaceId =
                    cloudMapOne.listNamespaces(b -> {}).namespaces().get(0).id();
            String serviceId = cloudMapOne
                    .createService(b -> b.name("orders").namespaceId(namespaceId))
                    .service()
                    .id();
            JsonNode first = json(get(two.endpoint(), "/watch/v1/namespaces/shop/endpoints"));
            CompletableFuture<HttpResponse<String>> waiting = getAsync(
                    two.endpoint(),
                    "/watch/v1/namespaces/shop/endpoints?revision=" + first.get("revision") + "&waitSeconds=30");
            cloudMapOne.registerInstance(b -> b.serviceId(serviceId)
                    .instanceId("orders-1")
                    .attributes(Map.of("AWS_INSTANCE_IPV4", "10.0.0.7", "AWS_INSTANCE_PORT", "8080")));

            HttpResponse<String> woken = waiting.get(10, TimeUnit.SECONDS);
            assertThat(woken.statusCode()).isEqualTo(200);
            assertThat(woken.body()).contains("10.0.0.7");
            assertThat(roles(one, two)).containsExactlyInAnyOrder("leader", "follower");
        }
    }

    @Test
    void aLeaderKilledWithSigkillIsReplacedWithinSecondsAndEveryAcknowledgedWriteIsThere() throws Exception {
        List<ControlPlaneProcess.Started> replicas = new ArrayList<>();
        try (TestDatabase database = TestDatabase.create()) {
            try {
                for (String id : List.of("a", "b", "c")) {
                    replicas.add(ControlPlaneProcess.startReplica(data.resolve(id), database.url(), id));
                }
                waitFor(() -> leaders(replicas).size() == 1, Duration.ofSeconds(20));
                ControlPlaneProcess.Started leader = leaders(replicas).get(0);
                List<String> acknowledged = new ArrayList<>();
                for (int i = 0; i < replicas.size(); i++) {
                    String name = "acknowledged-" + i;
                    try (EcsClient ecs = ControlPlaneFixture.ecs(replicas.get(i).endpoint())) {
                        ecs.createCluster(b -> b.clusterName(name));
                    }
                    acknowledged.add(name);
                }

                leader.process().destroyForcibly();
                long killed = System.nanoTime();
                List<ControlPlaneProcess.Started> survivors =
                        replicas.stream().filter(r -> r != leader).toList();
                waitFor(() -> leaders(survivors).size() == 1, Duration.ofSeconds(15));
                Duration takeover = Duration.ofNanos(System.nanoTime() - killed);

                assertThat(takeover).as("time to a new leader").isLessThan(Duration.ofSeconds(10));
                try (EcsClient ecs = ControlPlaneFixture.ecs(survivors.get(0).endpoint())) {
                    List<String> clusters = ecs.listClusters().clusterArns().stream()
                            .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                            .toList();
                    assertThat(clusters).containsExactlyInAnyOrderElementsOf(acknowledged);
                }
            } finally {
                for (ControlPlaneProcess.Started replica : replicas) {
                    replica.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static List<ControlPlaneProcess.Started> leaders(List<ControlPlaneProcess.Started> replicas) {
        List<ControlPlaneProcess.Started> leaders = new ArrayList<>();
        for (ControlPlaneProcess.Started replica : replicas) {
            try {
                if (json(get(replica.endpoint(), "/health"))
                        .get("role")
                        .asText()
                        .equals("leader")) {
                    leaders.add(replica);
                }
            } catch (Exception e) {
                // Killed, or not answering yet: not a leader.
            }
        }
        return leaders;
    }

    @Test
    void whilePostgresqlIsDownTheApiAnswersARetryableErrorAndComesBackByItself() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            String store = url(postgres.port(), "postgres");
            try (ControlPlaneServer server = replica(store, "only");
                    EcsClient ecs = ControlPlaneFixture.ecs(server.endpoint())) {
                ecs.createCluster(b -> b.clusterName("before"));

                postgres.stop();
                long stopped = System.nanoTime();
                HttpResponse<String> during = listClusters(server.endpoint());
                assertThat(during.statusCode()).isEqualTo(503);
                assertThat(json(during).get("__type").asText()).isEqualTo("ServerException");
                Thread.sleep(
                        Math.max(0, Duration.ofSeconds(20).toMillis() - (System.nanoTime() - stopped) / 1_000_000));
                assertThat(listClusters(server.endpoint()).statusCode()).isEqualTo(503);
                postgres.resume();

                waitFor(() -> listClusters(server.endpoint()).statusCode() == 200, Duration.ofSeconds(30));
                ecs.createCluster(b -> b.clusterName("after"));
                assertThat(ecs.listClusters().clusterArns()).hasSize(2);
                waitFor(() -> role(server).equals("leader"), Duration.ofSeconds(15));
            }
        }
    }

    @Test
    void aReplicaCutOffFromPostgresqlStopsLeadingBeforeAnotherStarts() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
                CuttableRelay relay = new CuttableRelay(postgres.port())) {
            try (ControlPlaneServer cutOff = replica(url(relay.port(), "postgres"), "cut-off")) {
                waitFor(() -> role(cutOff).equals("leader"), Duration.ofSeconds(15));
                try (ControlPlaneServer other = replica(url(postgres.port(), "postgres"), "other")) {
                    assertThat(role(other)).isEqualTo("follower");

                    relay.cut();
                    long cut = System.nanoTime();
                    long stoppedLeading = -1;
                    long startedLeading = -1;
                    while (startedLeading < 0
                            && System.nanoTime() - cut < Duration.ofSeconds(30).toNanos()) {
                        if (stoppedLeading < 0 && role(cutOff).equals("follower")) {
                            stoppedLeading = System.nanoTime() - cut;
                        }
                        if (role(other).equals("leader")) {
                            startedLeading = System.nanoTime() - cut;
                        }
                        Thread.sleep(50);
                    }

                    assertThat(startedLeading)
                            .as("the other replica took the lead")
                            .isPositive();
                    assertThat(stoppedLeading)
                            .as("the cut-off replica stopped leading (ns after the cut) before the other started")
                            .isPositive()
                            .isLessThan(startedLeading);
                    relay.close();
                }
            }
        }
    }

    private static String[] roles(ControlPlaneServer... servers) throws Exception {
        String[] roles = new String[servers.length];
        for (int i = 0; i < servers.length; i++) {
            roles[i] = role(servers[i]);
        }
        return roles;
    }

    private static String role(ControlPlaneServer server) throws Exception {
        return json(get(server.endpoint(), "/health")).get("role").asText();
    }

    private static HttpResponse<String> listClusters(URI endpoint) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(endpoint)
                        .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI endpoint, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(URI endpoint, String path) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(endpoint.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    /** A condition a test waits for; it may throw while the system recovers. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }
}
