package dev.svcconnect.controlplane.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.Identity;
import dev.svcconnect.controlplane.auth.Role;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.access.AccessPolicy;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.watch.WatchResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PutAccessPolicy, GetAccessPolicy, DeleteAccessPolicy and ListAccessPolicies over HTTP, signed
 * with the AWS SDK's SigV4 signer, against a control plane with a Service Connect service; and the
 * policy reaching the proxy configuration of that service's task through a waiting watch.
 */
class AccessPolicyApiTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        SdkClients.cluster(fixture.ecs, "east", "shop");
        SdkClients.taskDefinition(fixture.ecs, "app", "http", 8080, "http");
        SdkClients.scService(fixture.ecs, "east", "appserver", "app", "http", "appserver", "appserver.shop", 80, 1);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private JsonNode call(String operation, Object request) {
        return call(fixture.server.adminCredentials(), operation, request);
    }

    private JsonNode call(AccessKey key, String operation, Object request) {
        return TestSigning.call(
                fixture.server.endpoint(), key, operation, Json.mapper().valueToTree(request));
    }

    private static Map<String, Object> policy(String namespace, String service, List<String> callers) {
        return Map.of("Namespace", namespace, "Service", service, "AllowedCallers", callers);
    }

    @Test
    void aPolicyIsPutReadListedAndDeletedBackToTheDefault() {
        JsonNode defaults = call("GetAccessPolicy", Map.of("Namespace", "shop", "Service", "appserver"))
                .get("AccessPolicy");
        assertThat(defaults.get("Default").asBoolean()).isTrue();
        assertThat(defaults.has("AllowedCallers")).isFalse();
        assertThat(defaults.get("Allows").asText()).isEqualTo("every service of namespace 'shop'");

        JsonNode put = call("PutAccessPolicy", policy("shop", "appserver", List.of("webui", "ops/cli")))
                .get("AccessPolicy");
        assertThat(put.get("Namespace").asText()).isEqualTo("shop");
        assertThat(put.get("NamespaceId").asText()).startsWith("ns-");
        assertThat(put.get("Default").asBoolean()).isFalse();
        assertThat(put.get("AllowedCallers")).extracting(JsonNode::asText).containsExactly("webui", "ops/cli");
        assertThat(put.get("Allows").asText()).isEqualTo("webui, ops/cli");
        assertThat(put.get("UpdatedAt").asDouble()).isPositive();

        String namespaceId = put.get("NamespaceId").asText();
        JsonNode got = call("GetAccessPolicy", Map.of("Namespace", namespaceId, "Service", "appserver"))
                .get("AccessPolicy");
        assertThat(got).isEqualTo(put);
        assertThat(call("ListAccessPolicies", Map.of("Namespace", "shop")).get("AccessPolicies"))
                .containsExactly(put);

        call("DeleteAccessPolicy", Map.of("Namespace", "shop", "Service", "appserver"));
        assertThat(call("GetAccessPolicy", Map.of("Namespace", "shop", "Service", "appserver"))
                        .at("/AccessPolicy/Default")
                        .asBoolean())
                .isTrue();
        assertThat(call("ListAccessPolicies", Map.of("Namespace", "shop")).get("AccessPolicies"))
                .isEmpty();
    }

    @Test
    void unknownNamespacesServicesAndPoliciesAndBadCallersAreAwsStyleErrorsNamingTheField() {
        assertError(
                () -> call("PutAccessPolicy", policy("nope", "appserver", List.of())),
                "NamespaceNotFound",
                "Namespace 'nope' not found.");
        assertError(
                () -> call("PutAccessPolicy", policy("shop", "db", List.of("webui"))),
                "ServiceNotFound",
                "Service: no service 'db' in namespace 'shop'");
        assertError(
                () -> call("GetAccessPolicy", Map.of("Namespace", "shop", "Service", "db")),
                "ServiceNotFound",
                "no service 'db'");
        assertError(
                () -> call("PutAccessPolicy", policy("shop", "appserver", List.of("webui", "Web UI"))),
                "InvalidParameterException",
                "AllowedCallers[1]: 'Web UI' (expected: SERVICE, NAMESPACE/SERVICE, NAMESPACE/* or *");
        assertError(
                () -> call("PutAccessPolicy", Map.of("Namespace", "shop", "Service", "appserver")),
                "InvalidParameterException",
                "AllowedCallers: is required (an empty list allows nobody");
        assertError(
                () -> call("PutAccessPolicy", Map.of("Namespace", "shop", "AllowedCallers", List.of())),
                "InvalidParameterException",
                "Service: is required");
        assertError(
                () -> call("DeleteAccessPolicy", Map.of("Namespace", "shop", "Service", "appserver")),
                "ResourceNotFoundException",
                "has no access policy");
    }

    @Test
    void aReaderReadsPoliciesButOnlyAnAdminChangesThem() {
        JsonNode created = call("CreateAccessKey", Map.of("Role", "reader", "Name", "ci"));
        AccessKey reader = new AccessKey(
                new Identity(created.get("AccessKeyId").asText(), Role.READER, "ci", null, null, null),
                created.get("SecretAccessKey").asText());

        assertThat(call(reader, "GetAccessPolicy", Map.of("Namespace", "shop", "Service", "appserver"))
                        .at("/AccessPolicy/Service")
                        .asText())
                .isEqualTo("appserver");
        assertError(
                () -> call(reader, "PutAccessPolicy", policy("shop", "appserver", List.of())),
                "AccessDeniedException",
                "PutAccessPolicy");
    }

    @Test
    void aNewPolicyWakesTheWatchOfTheServicesTaskWithinASecond() throws Exception {
        String host = post("/watch/v1/hosts", Map.of("cluster", "east", "launchType", "FARGATE", "address", "10.0.0.1"))
                .get("hostId")
                .asText();
        JsonNode assignment = Json.mapper()
                .readTree(get("/watch/v1/hosts/" + host + "/tasks").body())
                .at("/value/tasks/0/task/taskArn");
        String taskId = assignment.asText().substring(assignment.asText().lastIndexOf('/') + 1);
        post("/watch/v1/tasks/" + taskId + "/state", Map.of("lastStatus", "RUNNING", "address", "10.0.0.7"));
        WatchResult<ProxyConfig> first =
                proxyConfig(get("/watch/v1/tasks/" + taskId + "/proxy-config").body());
        assertThat(inbound(first).access()).isEqualTo(AccessPolicy.defaultFor("shop", "appserver"));

        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                request("/watch/v1/tasks/" + taskId + "/proxy-config?revision=" + first.revision() + "&waitSeconds=30")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long started = System.nanoTime();
        call("PutAccessPolicy", policy("shop", "appserver", List.of("webui")));
        WatchResult<ProxyConfig> woken =
                proxyConfig(waiting.get(10, TimeUnit.SECONDS).body());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(inbound(woken).access()).isEqualTo(AccessPolicy.of("shop", "appserver", List.of("webui")));
        System.out.println("access policy reached the waiting proxy-config watch in " + millis + " ms");
    }

    private static ListenerConfig inbound(WatchResult<ProxyConfig> result) {
        return result.value().listeners().stream()
                .filter(l -> l.name().equals("inbound-appserver"))
                .findFirst()
                .orElseThrow();
    }

    private static WatchResult<ProxyConfig> proxyConfig(String body) throws Exception {
        return Json.mapper().readValue(body, new TypeReference<WatchResult<ProxyConfig>>() {});
    }

    private HttpRequest.Builder request(String path) {
        URI uri = fixture.server.endpoint().resolve(path);
        return HttpRequest.newBuilder(uri)
                .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ObjectNode post(String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(
                request(path)
                        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (ObjectNode) Json.mapper().readTree(response.body());
    }

    private static void assertError(Runnable call, String type, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        TestSigning.CallException.class,
                        e -> assertThat(e.type()).isEqualTo(type))
                .hasMessageContaining(message);
    }
}
