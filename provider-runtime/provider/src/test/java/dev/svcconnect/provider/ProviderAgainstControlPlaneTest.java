package dev.svcconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.provider.access.AccessPolicyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The handlers against a running control plane, through the AWS SDK, as CloudFormation drives them. */
class ProviderAgainstControlPlaneTest {

    private static final Map<String, Object> TASK = Map.of(
            "Family",
            "api",
            "Cpu",
            "256",
            "Memory",
            "512",
            "NetworkMode",
            "awsvpc",
            "ContainerDefinitions",
            List.of(Map.of(
                    "Name",
                    "app",
                    "Command",
                    List.of("./api"),
                    "Essential",
                    "true",
                    "PortMappings",
                    List.of(Map.of(
                            "Name", "api", "ContainerPort", "8080", "Protocol", "tcp", "AppProtocol", "http")))));

    @TempDir
    Path data;

    private ControlPlaneServer server;
    private ControlPlane controlPlane;
    private SvcConnectProvider provider;

    @BeforeEach
    void start() {
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
        controlPlane = ControlPlane.connect(
                server.endpoint().toString(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.adminCredentials().accessKeyId(),
                        server.adminCredentials().secretAccessKey())));
        provider = new SvcConnectProvider(controlPlane);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
        server.close();
    }

    /** onEvent, then isComplete until it answers true; the merged answer. */
    private Map<String, Object> apply(Map<String, Object> event) {
        Map<String, Object> answer = provider.onEvent(event);
        Map<String, Object> next = new HashMap<>(event);
        next.put("PhysicalResourceId", answer.get("PhysicalResourceId"));
        next.put("Data", answer.get("Data"));
        Map<String, Object> done = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> provider.isComplete(next), r -> Boolean.TRUE.equals(r.get("IsComplete")));
        Map<String, Object> merged = new HashMap<>(answer);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = new HashMap<>((Map<String, Object>) answer.get("Data"));
        @SuppressWarnings("unchecked")
        Map<String, Object> completeData = (Map<String, Object>) done.get("Data");
        data.putAll(completeData);
        merged.put("Data", data);
        return merged;
    }

    private static Map<String, Object> delete(Map<String, Object> event, Object physicalId) {
        Map<String, Object> deletion = new HashMap<>(event);
        deletion.put("RequestType", "Delete");
        deletion.put("PhysicalResourceId", physicalId);
        return deletion;
    }

    @Test
    void withSeveralReplicasAnEventThatCannotReachOneIsHandledByTheNext() throws Exception {
        int nobody;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        try (ControlPlane replicas = ControlPlane.connect(
                "http://127.0.0.1:" + nobody + "," + server.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.adminCredentials().accessKeyId(),
                        server.adminCredentials().secretAccessKey())))) {
            SvcConnectProvider failingOver = new SvcConnectProvider(replicas);

            Map<String, Object> created =
                    failingOver.onEvent(Events.create("Custom::SvcConnectNamespace", "Ns", Map.of("Name", "internal")));

            assertThat(created.get("PhysicalResourceId")).isEqualTo("internal");
            assertThat(replicas.replicas()).isEqualTo(2);
            assertThat(controlPlane.cloudMap().listNamespaces().namespaces()).hasSize(1);
        }
    }

    @Test
    void namespaceCreateRetryAndDeleteTwice() {
        Map<String, Object> create = Events.create("Custom::SvcConnectNamespace", "Ns", Map.of("Name", "internal"));

        Map<String, Object> created = apply(create);
        assertThat(created.get("PhysicalResourceId")).isEqualTo("internal");
        assertThat(created.get("Data"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("Name", "internal")
                .containsKeys("Id", "Arn");
        assertThat(apply(create).get("PhysicalResourceId")).isEqualTo("internal");
        assertThat(controlPlane.cloudMap().listNamespaces().namespaces()).hasSize(1);

        apply(delete(create, "internal"));
        apply(delete(create, "internal"));
        assertThat(controlPlane.cloudMap().listNamespaces().namespaces()).isEmpty();
    }

    /** The event with the request id CloudFormation gives each new request (the handler's UpdaterRequestId). */
    private static Map<String, Object> withRequestId(Map<String, Object> event, String requestId) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.put("RequestId", requestId);
        return copy;
    }

    @Test
    void aNewNamespaceDescriptionIsAnUpdateInPlaceThroughUpdateHttpNamespace() {
        Map<String, Object> create =
                Events.create("Custom::SvcConnectNamespace", "Ns", Map.of("Name", "internal", "Description", "first"));
        Object id = apply(create).get("Data") instanceof Map<?, ?> data ? data.get("Id") : null;

        Map<String, Object> described = apply(withRequestId(
                Events.update(
                        "Custom::SvcConnectNamespace",
                        "Ns",
                        "internal",
                        Map.of("Name", "internal", "Description", "the shop's services"),
                        Map.of("Name", "internal", "Description", "first")),
                "update-1"));
        assertThat(described.get("PhysicalResourceId")).isEqualTo("internal");
        assertThat(described.get("Data"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("Id", id)
                .containsKey("OperationId");
        assertThat(controlPlane
                        .cloudMap()
                        .getNamespace(b -> b.id(String.valueOf(id)))
                        .namespace()
                        .description())
                .isEqualTo("the shop's services");

        apply(withRequestId(
                Events.update(
                        "Custom::SvcConnectNamespace",
                        "Ns",
                        "internal",
                        Map.of("Name", "internal"),
                        Map.of("Name", "internal", "Description", "the shop's services")),
                "update-2"));
        assertThat(controlPlane.cloudMap().listNamespaces().namespaces()).hasSize(1);
        assertThat(controlPlane
                        .cloudMap()
                        .getNamespace(b -> b.id(String.valueOf(id)))
                        .namespace()
                        .description())
                .isEmpty();
    }

    @Test
    void clusterRenameIsAReplacementAndTheOldOneIsDeletedAfter() {
        Map<String, Object> create =
                Events.create("Custom::SvcConnectCluster", "Cluster", Map.of("ClusterName", "apps"));
        assertThat(apply(create).get("PhysicalResourceId")).isEqualTo("apps");

        Map<String, Object> renamed = apply(Events.update(
                "Custom::SvcConnectCluster",
                "Cluster",
                "apps",
                Map.of("ClusterName", "apps2"),
                Map.of("ClusterName", "apps")));
        assertThat(renamed.get("PhysicalResourceId")).isEqualTo("apps2");
        apply(delete(create, "apps"));

        assertThat(controlPlane
                        .ecs()
                        .describeClusters(b -> b.clusters("apps", "apps2"))
                        .clusters())
                .filteredOn(c -> "ACTIVE".equals(c.status()))
                .extracting(c -> c.clusterName())
                .containsExactly("apps2");
    }

    @Test
    void taskDefinitionRetryReusesTheRevisionAndDeleteOfAGoneOneSucceeds() {
        Map<String, Object> create = Events.create("Custom::SvcConnectTaskDefinition", "Task", TASK);

        Object first = apply(create).get("PhysicalResourceId");
        assertThat(apply(create).get("PhysicalResourceId")).isEqualTo(first);
        assertThat(first).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/api:1");

        apply(delete(create, first));
        apply(delete(create, first));
    }

    @Test
    void serviceCreateUpdateReplaceAndDelete() {
        apply(Events.create("Custom::SvcConnectNamespace", "Ns", Map.of("Name", "internal")));
        apply(Events.create("Custom::SvcConnectCluster", "Cluster", Map.of("ClusterName", "apps")));
        Object task = apply(Events.create("Custom::SvcConnectTaskDefinition", "Task", TASK))
                .get("PhysicalResourceId");
        Map<String, Object> props = new HashMap<>(Map.of(
                "ServiceName",
                "api",
                "Cluster",
                "apps",
                "TaskDefinition",
                task,
                "DesiredCount",
                "0",
                "LaunchType",
                "EC2",
                "ServiceConnectConfiguration",
                Map.of(
                        "Enabled",
                        "true",
                        "Namespace",
                        "internal",
                        "Services",
                        List.of(Map.of(
                                "PortName",
                                "api",
                                "DiscoveryName",
                                "api",
                                "ClientAliases",
                                List.of(Map.of("Port", "8080", "DnsName", "api.internal")))))));
        Map<String, Object> create = Events.create("Custom::SvcConnectService", "Api", props);

        Map<String, Object> created = apply(create);
        String arn = (String) created.get("PhysicalResourceId");
        assertThat(arn).isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/apps/api");
        assertThat(provider.onEvent(create).get("PhysicalResourceId")).isEqualTo(arn);

        Map<String, Object> renamed = new HashMap<>(props);
        renamed.put("ServiceName", "api2");
        // Created before the old one is deleted, as CloudFormation replaces: it needs names of its own.
        renamed.put(
                "ServiceConnectConfiguration",
                Map.of(
                        "Enabled",
                        "true",
                        "Namespace",
                        "internal",
                        "Services",
                        List.of(Map.of(
                                "PortName",
                                "api",
                                "DiscoveryName",
                                "api2",
                                "ClientAliases",
                                List.of(Map.of("Port", "8080", "DnsName", "api2.internal"))))));
        Map<String, Object> replaced = apply(Events.update("Custom::SvcConnectService", "Api", arn, renamed, props));
        assertThat(replaced.get("PhysicalResourceId"))
                .isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/apps/api2");
        apply(delete(create, arn));
        apply(delete(create, arn));

        assertThat(controlPlane
                        .ecs()
                        .describeServices(b -> b.cluster("apps").services("api", "api2"))
                        .services())
                .filteredOn(s -> "ACTIVE".equals(s.status()))
                .extracting(s -> s.serviceName())
                .containsExactly("api2");
    }

    @Test
    void aServiceInAMissingClusterFailsWithTheControlPlanesReason() {
        assertThatThrownBy(() -> provider.onEvent(Events.create(
                        "Custom::SvcConnectService", "Api", Map.of("Cluster", "nope", "TaskDefinition", "api:1"))))
                .hasMessageStartingWith("Custom::SvcConnectService 'Api': Create was rejected by the control plane at "
                        + server.endpoint())
                .hasMessageEndingWith("ClusterNotFoundException: Cluster not found: nope.");
    }

    @Test
    void isCompleteFailsADeploymentWhoseTasksKeepStopping() throws Exception {
        apply(Events.create("Custom::SvcConnectCluster", "Cluster", Map.of("ClusterName", "apps")));
        Object task = apply(Events.create("Custom::SvcConnectTaskDefinition", "Task", TASK))
                .get("PhysicalResourceId");
        String hostId = post("/watch/v1/hosts", "{\"cluster\":\"apps\"}", "\"hostId\"\\s*:\\s*\"([0-9a-f]+)\"");
        Map<String, Object> create = Events.create(
                "Custom::SvcConnectService",
                "Api",
                Map.of(
                        "ServiceName",
                        "api",
                        "Cluster",
                        "apps",
                        "TaskDefinition",
                        task,
                        "DesiredCount",
                        "1",
                        "LaunchType",
                        "EC2"));
        Map<String, Object> answer = provider.onEvent(create);
        Map<String, Object> check = new HashMap<>(create);
        check.put("PhysicalResourceId", answer.get("PhysicalResourceId"));
        check.put("Data", answer.get("Data"));

        Set<String> stopped = new LinkedHashSet<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    stopEveryTask(hostId, stopped);
                    assertThatThrownBy(() -> provider.isComplete(check))
                            .hasMessageMatching(
                                    "Custom::SvcConnectService 'Api': service 'api': deployment ecs-svc/[0-9]+: 3 of"
                                            + " its tasks failed to start or become healthy; task [0-9a-f]+ stopped: Essential"
                                            + " container in task exited \\(container app exited with code 1\\)");
                });
    }

    private void stopEveryTask(String hostId, Set<String> stopped) throws Exception {
        String tasks = get("/watch/v1/hosts/" + hostId + "/tasks?revision=0&waitSeconds=1");
        Matcher ids = Pattern.compile("task/apps/([0-9a-f]+)").matcher(tasks);
        while (ids.find()) {
            if (stopped.add(ids.group(1))) {
                post(
                        "/watch/v1/tasks/" + ids.group(1) + "/state",
                        "{\"lastStatus\":\"STOPPED\",\"stoppedReason\":"
                                + "\"Essential container in task exited\",\"exitCode\":1}",
                        "(.*)");
            }
        }
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                                .header(
                                        "Authorization",
                                        "Bearer " + server.adminCredentials().bearerToken())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private String post(String path, String body, String extract) throws Exception {
        String response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                                // the admin key may act for any host on the watch routes
                                .header(
                                        "Authorization",
                                        "Bearer " + server.adminCredentials().bearerToken())
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher matcher = Pattern.compile(extract, Pattern.DOTALL).matcher(response);
        assertThat(matcher.find()).as("answer of %s: %s", path, response).isTrue();
        return matcher.group(1);
    }

    /** A namespace and its Cloud Map service {@code appserver}, made through the AWS SDK. */
    private void namespaceWithAppserver() {
        controlPlane.cloudMap().createHttpNamespace(b -> b.name("svc-namespace"));
        String namespaceId =
                controlPlane.cloudMap().listNamespaces().namespaces().get(0).id();
        controlPlane.cloudMap().createService(b -> b.name("appserver").namespaceId(namespaceId));
    }

    private static Map<String, Object> accessPolicy(String service, List<String> callers) {
        return Map.of("Namespace", "svc-namespace", "Service", service, "AllowedCallers", callers);
    }

    private com.fasterxml.jackson.databind.JsonNode storedAccessPolicy() {
        return controlPlane
                .svcConnect()
                .call(
                        "GetAccessPolicy",
                        dev.svcconnect.model.Json.mapper()
                                .createObjectNode()
                                .put("Namespace", "svc-namespace")
                                .put("Service", "appserver"))
                .get("AccessPolicy");
    }

    @Test
    void accessPolicyCreateUpdateAndDeleteAndADeleteOfAGonePolicySucceeds() {
        namespaceWithAppserver();
        Map<String, Object> create =
                Events.create(AccessPolicyHandler.TYPE, "Policy", accessPolicy("appserver", List.of("webui")));
        assertThat(apply(create).get("PhysicalResourceId")).isEqualTo("svc-namespace/appserver");
        assertThat(storedAccessPolicy().get("AllowedCallers"))
                .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("webui");

        apply(Events.update(
                AccessPolicyHandler.TYPE,
                "Policy",
                "svc-namespace/appserver",
                accessPolicy("appserver", List.of("webui", "other-ns/cli")),
                accessPolicy("appserver", List.of("webui"))));
        assertThat(storedAccessPolicy().get("Allows").asText()).isEqualTo("webui, other-ns/cli");

        apply(delete(create, "svc-namespace/appserver"));
        assertThat(storedAccessPolicy().get("Default").asBoolean()).isTrue();
        apply(delete(create, "svc-namespace/appserver"));
    }

    @Test
    void aBadCallerOrAnUnknownServiceFailsTheAccessPolicyEventNamingTheResourceAndField() {
        namespaceWithAppserver();
        assertThatThrownBy(() -> provider.onEvent(Events.create(
                        AccessPolicyHandler.TYPE, "Policy", accessPolicy("appserver", List.of("Web UI")))))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("InvalidParameterException: AllowedCallers[0]: 'Web UI'");
        assertThatThrownBy(() -> provider.onEvent(
                        Events.create(AccessPolicyHandler.TYPE, "Policy", accessPolicy("db", List.of("webui")))))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("ServiceNotFound: Service: no service 'db' in namespace 'svc-namespace'");
        assertThatThrownBy(() -> provider.onEvent(Events.create(
                        AccessPolicyHandler.TYPE, "Policy", Map.of("Namespace", "svc-namespace", "Service", "x"))))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("AllowedCallers: is required");
    }
}
