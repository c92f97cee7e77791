package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.crypto.DataKey;
import dev.svcconnect.controlplane.store.StoreLocation;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.PrivatePostgres;
import dev.svcconnect.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private ControlPlaneServer replica(String store, String id) throws IOException {
        return ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(replicaData(id))
                .store(StoreLocation.parse(store, null, Map.of()))
                .replicaId(id)
                .build());
    }

    /**
     * A replica's data directory (its admin-credentials file, audit log), holding the data key
     * every replica of this test shares, as replicas on one database must (docs/ha.md).
     */
    private Path replicaData(String id) throws IOException {
        Path shared = data.resolve("shared").resolve(DataKey.FILE);
        if (!Files.exists(shared)) {
            DataKey.open(data.resolve("shared"));
        }
        Path key = data.resolve(id).resolve(DataKey.FILE);
        Files.createDirectories(key.getParent());
        Files.copy(shared, key, StandardCopyOption.REPLACE_EXISTING);
        return data.resolve(id);
    }

    private static EcsClient ecs(ControlPlaneServer server) {
        return ControlPlaneFixture.ecs(server.endpoint(), ControlPlaneFixture.provider(server.adminCredentials()));
    }

    private EcsClient ecs(ControlPlaneProcess.Started replica, String id) {
        return ControlPlaneFixture.ecs(replica.endpoint(), ControlPlaneFixture.adminOf(data.resolve(id)));
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    @Test
    void aWriteThroughOneReplicaIsReadThroughAnotherAndWakesItsWatchers() throws Exception {
        try (TestDatabase database = TestDatabase.create();
                ControlPlaneServer one = replica(database.url(), "one");
                ControlPlaneServer two = replica(database.url(), "two");
                EcsClient ecsOne = ecs(one);
                EcsClient ecsTwo = ecs(two);
                ServiceDiscoveryClient cloudMapOne = ControlPlaneFixture.cloudMap(
                        one.endpoint(), ControlPlaneFixture.provider(one.adminCredentials()))) {
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
            JsonNode first = json(get(two, "/watch/v1/namespaces/shop/endpoints"));
            CompletableFuture<HttpResponse<String>> waiting = getAsync(
                    two, "/watch/v1/namespaces/shop/endpoints?revision=" + first.get("revision") + "&waitSeconds=30");
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
                    replicas.add(ControlPlaneProcess.startReplica(replicaData(id), database.url(), id));
                }
                waitFor(() -> leaders(replicas).size() == 1, Duration.ofSeconds(20));
                ControlPlaneProcess.Started leader = leaders(replicas).get(0);
                List<String> acknowledged = new ArrayList<>();
                List<String> ids = List.of("a", "b", "c");
                for (int i = 0; i < replicas.size(); i++) {
                    String name = "acknowledged-" + i;
                    try (EcsClient ecs = ecs(replicas.get(i), ids.get(i))) {
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
                ControlPlaneProcess.Started survivor = survivors.get(0);
                try (EcsClient ecs = ecs(survivor, ids.get(replicas.indexOf(survivor)))) {
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

    @Test
    void replicasStartingTogetherCreateOneAdminKeyAndEachWritesItToItsAdminCredentials() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            List<CompletableFuture<ControlPlaneServer>> starting = new ArrayList<>();
            for (String id : List.of("one", "two", "three")) {
                Path replicaData = replicaData(id);
                starting.add(CompletableFuture.supplyAsync(() -> ControlPlaneServer.start(ControlPlaneConfig.builder()
                        .port(0)
                        .dataDirectory(replicaData)
                        .store(StoreLocation.parse(database.url(), null, Map.of()))
                        .replicaId(id)
                        .build())));
            }
            List<ControlPlaneServer> started = new ArrayList<>();
            try {
                for (CompletableFuture<ControlPlaneServer> replica : starting) {
                    started.add(replica.get(60, TimeUnit.SECONDS));
                }
                String first = Files.readString(data.resolve("one").resolve("admin-credentials"));
                assertThat(Files.readString(data.resolve("two").resolve("admin-credentials")))
                        .isEqualTo(first);
                assertThat(Files.readString(data.resolve("three").resolve("admin-credentials")))
                        .isEqualTo(first)
                        .contains(started.get(2).adminCredentials().accessKeyId());
                try (EcsClient ecs = ecs(started.get(0));
                        EcsClient viaFile = ControlPlaneFixture.ecs(
                                started.get(1).endpoint(), ControlPlaneFixture.adminOf(data.resolve("three")))) {
                    ecs.createCluster(b -> b.clusterName("one-key"));
                    assertThat(viaFile.listClusters().clusterArns())
                            .singleElement()
                            .asString()
                            .endsWith("/one-key");
                }
            } finally {
                started.forEach(ControlPlaneServer::close);
            }
        }
    }

    @Test
    void aReplicaGivenAnotherDataKeyStopsAtStartNamingItsKeyFile() throws Exception {
        try (TestDatabase database = TestDatabase.create();
                ControlPlaneServer first = replica(database.url(), "first")) {
            Path otherKey = data.resolve("other.key");
            Files.writeString(otherKey, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");

            assertThatThrownBy(() -> ControlPlaneServer.start(ControlPlaneConfig.builder()
                            .port(0)
                            .dataDirectory(data.resolve("second"))
                            .store(StoreLocation.parse(database.url(), null, Map.of()))
                            .replicaId("second")
                            .dataKeyFile(otherKey)
                            .build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the data key --data-key-file " + otherKey + " is not the key of the store"
                            + " postgresql://")
                    .hasMessageContaining("sealed with the key of replica first");
            assertThat(data.resolve("second").resolve("admin-credentials")).doesNotExist();

            try (ControlPlaneServer third = ControlPlaneServer.start(ControlPlaneConfig.builder()
                    .port(0)
                    .dataDirectory(data.resolve("third"))
                    .store(StoreLocation.parse(database.url(), null, Map.of()))
                    .replicaId("third")
                    .dataKeyFile(data.resolve("shared").resolve(DataKey.FILE))
                    .build())) {
                assertThat(third.adminCredentials()).isEqualTo(first.adminCredentials());
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
                    EcsClient ecs = ecs(server)) {
                ecs.createCluster(b -> b.clusterName("before"));

                postgres.stop();
                long stopped = System.nanoTime();
                HttpResponse<String> during = listClusters(server);
                assertThat(during.statusCode()).isEqualTo(503);
                assertThat(json(during).get("__type").asText()).isEqualTo("ServerException");
                HttpResponse<String> watch = get(server, "/watch/v1/namespaces/shop/endpoints");
                assertThat(watch.statusCode())
                        .as("a watch route: %s", watch.body())
                        .isEqualTo(503);
                assertThat(json(watch).get("__type").asText()).isEqualTo("ServerException");
                Thread.sleep(
                        Math.max(0, Duration.ofSeconds(20).toMillis() - (System.nanoTime() - stopped) / 1_000_000));
                assertThat(listClusters(server).statusCode()).isEqualTo(503);
                postgres.resume();

                waitFor(() -> listClusters(server).statusCode() == 200, Duration.ofSeconds(30));
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

    private static HttpResponse<String> listClusters(ControlPlaneServer server) throws Exception {
        String target = "AmazonEC2ContainerServiceV20141113.ListClusters";
        URI uri = server.endpoint().resolve("/");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        TestSigning.signAws(request, uri, target, "{}", server.adminCredentials(), "ecs");
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI endpoint, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A watch route's GET, with the server's admin key as its bearer. */
    private static HttpResponse<String> get(ControlPlaneServer server, String path) throws Exception {
        return getAsync(server, path).get(40, TimeUnit.SECONDS);
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(ControlPlaneServer server, String path) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(server.adminCredentials()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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
