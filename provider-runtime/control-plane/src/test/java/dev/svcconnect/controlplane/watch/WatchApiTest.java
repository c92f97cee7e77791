package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.watch.WatchResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Task;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class WatchApiTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
        SdkClients.cluster(ecs, "east", "shop");
        SdkClients.cluster(ecs, "west", "shop");
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        SdkClients.taskDefinition(ecs, "db", "tcp", 5432, null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return http.sendAsync(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private String registerHost(String cluster) throws IOException, InterruptedException {
        return post("/watch/v1/hosts", Map.of("cluster", cluster, "launchType", "FARGATE", "address", "10.0.0.1"))
                .get("hostId")
                .asText();
    }

    private List<String> assignedTaskIds(String hostId) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/watch/v1/hosts/" + hostId + "/tasks");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode assignment :
                Json.mapper().readTree(response.body()).get("value").get("tasks")) {
            assertThat(assignment.get("taskDefinition").get("containerDefinitions"))
                    .isNotEmpty();
            String arn = assignment.get("task").get("taskArn").asText();
            ids.add(arn.substring(arn.lastIndexOf('/') + 1));
        }
        return ids;
    }

    private void run(String taskId, String address) throws IOException, InterruptedException {
        post("/watch/v1/tasks/" + taskId + "/state", Map.of("lastStatus", "RUNNING", "address", address));
    }

    private WatchResult<ProxyConfig> proxyConfig(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readValue(response.body(), new TypeReference<WatchResult<ProxyConfig>>() {});
    }

    @Test
    void aRegisteredHostIsAssignedTheWaitingTasksOfItsCluster() throws Exception {
        SdkClients.scService(ecs, "east", "web", "web", "http", "web", "web.shop", 80, 2);

        String hostId = registerHost("east");

        assertThat(assignedTaskIds(hostId)).hasSize(2);
        assertThat(ecs.listContainerInstances(b -> b.cluster("east")).containerInstanceArns())
                .singleElement()
                .satisfies(arn -> assertThat(arn).endsWith("container-instance/east/" + hostId));
        assertThat(ecs.describeContainerInstances(b -> b.cluster("east").containerInstances(hostId))
                        .containerInstances()
                        .get(0)
                        .pendingTasksCount())
                .isEqualTo(2);
        post("/watch/v1/hosts/" + hostId + "/heartbeat", Map.of());
    }

    @Test
    void aRunningTaskIsRegisteredInCloudMapAndAStoppedOneIsDeregisteredAndReplaced() throws Exception {
        SdkClients.scService(ecs, "east", "web", "web", "http", "web", "web.shop", 80, 1);
        String hostId = registerHost("east");
        String taskId = assignedTaskIds(hostId).get(0);

        run(taskId, "10.1.0.5");

        assertThat(fixture.cloudMap
                        .discoverInstances(b -> b.namespaceName("shop").serviceName("web"))
                        .instances())
                .singleElement()
                .satisfies(instance -> {
                    assertThat(instance.instanceId()).isEqualTo(taskId);
                    assertThat(instance.attributes())
                            .containsEntry("AWS_INSTANCE_IPV4", "10.1.0.5")
                            .containsEntry("AWS_INSTANCE_PORT", "8080")
                            .containsEntry("ECS_SERVICE_NAME", "web")
                            .containsEntry("ECS_CLUSTER_NAME", "east");
                });
        assertThat(ecs.describeServices(b -> b.cluster("east").services("web"))
                        .services()
                        .get(0)
                        .runningCount())
                .isEqualTo(1);

        post(
                "/watch/v1/tasks/" + taskId + "/state",
                Map.of("lastStatus", "STOPPED", "stoppedReason", "Essential container exited"));

        assertThat(fixture.cloudMap
                        .discoverInstances(b -> b.namespaceName("shop").serviceName("web"))
                        .instances())
                .isEmpty();
        assertThat(assignedTaskIds(hostId)).hasSize(1).doesNotContain(taskId);
        assertThat(ecs.describeTasks(b -> b.cluster("east").tasks(taskId))
                        .tasks()
                        .get(0)
                        .stoppedReason())
                .isEqualTo("Essential container exited");
    }

    @Test
    void aDeregisteredHostsTasksStopAndTheirServiceReplacesThem() throws Exception {
        SdkClients.scService(ecs, "east", "web", "web", "http", "web", "web.shop", 80, 1);
        String hostId = registerHost("east");
        String taskId = assignedTaskIds(hostId).get(0);
        run(taskId, "10.1.0.5");
        assertThatThrownBy(() ->
                        ecs.deregisterContainerInstance(b -> b.cluster("east").containerInstance(hostId)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Found 1 tasks on the instance that have not stopped; use force");

        post("/watch/v1/hosts/" + hostId + "/deregister", Map.of());

        Task stopped =
                ecs.describeTasks(b -> b.cluster("east").tasks(taskId)).tasks().get(0);
        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).endsWith("was deregistered");
        assertThat(fixture.cloudMap
                        .discoverInstances(b -> b.namespaceName("shop").serviceName("web"))
                        .instances())
                .isEmpty();
        List<Task> replacements = ecs.describeTasks(b -> b.cluster("east")
                        .tasks(ecs.listTasks(l -> l.cluster("east")).taskArns()))
                .tasks();
        assertThat(replacements).singleElement().satisfies(t -> {
            assertThat(t.lastStatus()).isEqualTo("PROVISIONING");
            assertThat(t.containerInstanceArn()).isNull();
        });
        assertThat(ecs.describeContainerInstances(b -> b.cluster("east").containerInstances(hostId))
                        .containerInstances()
                        .get(0)
                        .status())
                .isEqualTo("INACTIVE");
        HttpResponse<String> heartbeat = http.send(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve("/watch/v1/hosts/" + hostId + "/heartbeat"))
                        .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(heartbeat.statusCode()).isEqualTo(404);
    }

    @Test
    void theProxyConfigurationHasAnOutboundListenerPerAliasWithEndpointsOfEveryClusterAndAnInboundOne()
            throws Exception {
        SdkClients.scService(
                ecs,
                "east",
                "web",
                "web",
                1,
                sc -> sc.enabled(true)
                        .services(s -> s.portName("http")
                                .discoveryName("web")
                                .clientAliases(a -> a.port(80).dnsName("web.shop"))
                                .timeout(t -> t.perRequestTimeoutSeconds(30))));
        SdkClients.scService(
                ecs,
                "west",
                "web",
                "web",
                1,
                sc -> sc.enabled(true)
                        .services(s -> s.portName("http")
                                .discoveryName("web")
                                .clientAliases(a -> a.port(80).dnsName("web.shop"))
                                .timeout(t -> t.perRequestTimeoutSeconds(30))));
        SdkClients.scService(ecs, "east", "db", "db", "tcp", "db", "db.shop", 5432, 1);
        String east = registerHost("east");
        String west = registerHost("west");
        List<String> eastTasks = assignedTaskIds(east);
        String westTask = assignedTaskIds(west).get(0);
        for (String taskId : eastTasks) {
            run(taskId, "10.1.0." + (eastTasks.indexOf(taskId) + 10));
        }
        run(westTask, "10.2.0.10");
        String webTask = ecs.listTasks(b -> b.cluster("east").serviceName("web"))
                .taskArns()
                .get(0);
        String webTaskId = webTask.substring(webTask.lastIndexOf('/') + 1);

        ProxyConfig config = proxyConfig(get("/watch/v1/tasks/" + webTaskId + "/proxy-config"))
                .value();

        assertThat(config.taskArn()).isEqualTo(webTask);
        assertThat(config.serviceName()).isEqualTo("web");
        assertThat(config.clusterName()).isEqualTo("east");
        ListenerConfig web = listener(config, "outbound-web");
        assertThat(web.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(web.bind()).matches("127\\.255\\.\\d+\\.\\d+:80");
        assertThat(web.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(web.perRequestTimeoutSeconds()).isEqualTo(30);
        assertThat(web.endpoints()).hasSize(2).contains("10.2.0.10:8080");
        ListenerConfig db = listener(config, "outbound-db");
        assertThat(db.protocol()).isEqualTo(Protocol.TCP);
        assertThat(db.idleTimeoutSeconds()).isEqualTo(3600);
        assertThat(db.bind()).endsWith(":5432").isNotEqualTo(web.bind());
        assertThat(db.endpoints()).hasSize(1);
        ListenerConfig inbound = listener(config, "inbound-web");
        assertThat(inbound.direction()).isEqualTo(Direction.INBOUND);
        assertThat(inbound.bind())
                .isEqualTo(web.endpoints().stream()
                        .filter(e -> e.startsWith("10.1."))
                        .findFirst()
                        .orElseThrow());
        assertThat(inbound.endpoints()).containsExactly("127.0.0.1:8080");
        assertThat(inbound.idleTimeoutSeconds())
                .as("ECS's default idle timeout for HTTP")
                .isEqualTo(300);
    }

    private static ListenerConfig listener(ProxyConfig config, String name) {
        return config.listeners().stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aWaitingWatcherIsWokenByARegisterInstance() throws Exception {
        SdkClients.scService(ecs, "east", "web", "web", "http", "web", "web.shop", 80, 1);
        String taskArn = ecs.listTasks(b -> b.cluster("east")).taskArns().get(0);
        String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        WatchResult<ProxyConfig> first = proxyConfig(get("/watch/v1/tasks/" + taskId + "/proxy-config"));
        assertThat(listener(first.value(), "outbound-web").endpoints()).isEmpty();

        CompletableFuture<HttpResponse<String>> waiting = getAsync(
                "/watch/v1/tasks/" + taskId + "/proxy-config?revision=" + first.revision() + "&waitSeconds=60");
        String serviceId =
                fixture.cloudMap.listServices(b -> {}).services().get(0).id();
        fixture.cloudMap.registerInstance(b -> b.serviceId(serviceId)
                .instanceId("outside")
                .attributes(Map.of("AWS_INSTANCE_IPV4", "192.168.1.9", "AWS_INSTANCE_PORT", "9000")));

        WatchResult<ProxyConfig> woken = proxyConfig(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(woken.revision()).isGreaterThan(first.revision());
        assertThat(listener(woken.value(), "outbound-web").endpoints()).containsExactly("192.168.1.9:9000");
    }

    @Test
    void aWatcherWithTheCurrentRevisionGets304WhenNothingChanges() throws Exception {
        HttpResponse<String> first = get("/watch/v1/namespaces/shop/endpoints");
        long revision = Json.mapper().readTree(first.body()).get("revision").asLong();

        HttpResponse<String> second =
                get("/watch/v1/namespaces/shop/endpoints?revision=" + revision + "&waitSeconds=1");

        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
    }

    @Test
    void anUnchangedValueDoesNotWakeItsWatcher() throws Exception {
        HttpResponse<String> first = get("/watch/v1/namespaces/shop/endpoints");
        long revision = Json.mapper().readTree(first.body()).get("revision").asLong();
        CompletableFuture<HttpResponse<String>> waiting =
                getAsync("/watch/v1/namespaces/shop/endpoints?revision=" + revision + "&waitSeconds=2");

        ecs.createCluster(b -> b.clusterName("unrelated"));

        assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode())
                .isEqualTo(304);
    }

    @Test
    void unknownTasksAndHostsAndBadParametersAreClearErrors() throws Exception {
        HttpResponse<String> task = get("/watch/v1/tasks/0123abcd/proxy-config");
        assertThat(task.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(task.body()).get("__type").asText()).isEqualTo("TaskNotFoundException");

        HttpResponse<String> host = http.send(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve("/watch/v1/hosts/0123abcd/heartbeat"))
                        .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(host.statusCode()).isEqualTo(404);
        assertThat(host.body()).contains("HostNotFoundException");

        HttpResponse<String> wait = get("/watch/v1/namespaces/shop/endpoints?revision=1&waitSeconds=301");
        assertThat(wait.statusCode()).isEqualTo(400);
        assertThat(wait.body()).contains("waitSeconds: 301 (expected: 0-300)");

        HttpResponse<String> state = http.send(
                HttpRequest.newBuilder(fixture.server.endpoint().resolve("/watch/v1/tasks/0123abcd/state"))
                        .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"lastStatus\":\"FLYING\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(400);
        assertThat(state.body()).contains("lastStatus: FLYING (expected one of: PROVISIONING");
    }

    @Test
    void ec2TasksSpreadWithinTheHostsFreeCapacityAndATaskThatFitsNowhereStaysProvisioningWithAReason()
            throws Exception {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hosts.add(post(
                            "/watch/v1/hosts",
                            Map.of(
                                    "cluster",
                                    "east",
                                    "launchType",
                                    "EC2",
                                    "cpu",
                                    512,
                                    "memory",
                                    1024,
                                    "address",
                                    "10.0.0." + (i + 1)))
                    .get("hostId")
                    .asText());
        }
        ecs.createService(b -> b.cluster("east")
                .serviceName("web")
                .taskDefinition("web")
                .desiredCount(5)
                .launchType("EC2"));

        assertThat(assignedTaskIds(hosts.get(0))).hasSize(2);
        assertThat(assignedTaskIds(hosts.get(1))).hasSize(2);
        List<Task> tasks = ecs.describeTasks(b -> b.cluster("east")
                        .tasks(ecs.listTasks(l -> l.cluster("east")).taskArns()))
                .tasks();
        assertThat(tasks)
                .filteredOn(t -> t.containerInstanceArn() == null)
                .singleElement()
                .satisfies(t -> assertThat(t.lastStatus()).isEqualTo("PROVISIONING"));
        assertThat(ecs.describeServices(b -> b.cluster("east").services("web"))
                        .services()
                        .get(0)
                        .events()
                        .get(0)
                        .message())
                .isEqualTo("(service web) was unable to place a task because no container instance met all of its"
                        + " requirements: not enough CPU units or memory left on the cluster's hosts.");
        assertThat(ecs.describeContainerInstances(b -> b.cluster("east").containerInstances(hosts.get(0)))
                        .containerInstances()
                        .get(0)
                        .remainingResources())
                .extracting(r -> r.name() + "=" + r.integerValue())
                .containsExactly("CPU=0", "MEMORY=0");
    }

    @Test
    void aServiceWhoseTasksKeepFailingStartsItsReplacementsLaterAndLater() throws Exception {
        String host = registerHost("east");
        SdkClients.scService(ecs, "east", "web", "web", "http", "web", "web.shop", 80, 1);
        List<Long> startAfter = new ArrayList<>();
        for (int failure = 1; failure <= 5; failure++) {
            String taskId = assignedTaskIds(host).get(0);
            JsonNode task = Json.mapper()
                    .readTree(get("/watch/v1/hosts/" + host + "/tasks").body())
                    .path("value")
                    .path("tasks")
                    .path(0)
                    .path("task");
            startAfter.add(task.path("startAfter").asLong(0) - (long) (System.currentTimeMillis() / 1000.0));
            post("/watch/v1/tasks/" + taskId + "/state", Map.of("lastStatus", "STOPPED", "exitCode", 1));
        }
        assertThat(startAfter.subList(0, 3))
                .allSatisfy(delay -> assertThat(delay).isLessThanOrEqualTo(0));
        assertThat(startAfter.get(3)).as("after 3 failures").isBetween(3L, 5L);
        assertThat(startAfter.get(4)).as("after 4 failures").isBetween(8L, 10L);
    }
}
