package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A control plane on port 0 over a store in a temporary directory, for the fuzz targets: it holds
 * a namespace, a cluster {@code fuzz} with a Service Connect service {@code web}, one host
 * ({@value #HOST_ID}) and the service's task, so that requests naming them get past the lookups.
 * Requests go over a real HTTP/1.1 connection; an answer that does not come within 10 s fails
 * the request (a hang is a finding).
 */
final class FuzzedControlPlane implements AutoCloseable {

    static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    static final String CLOUD_MAP = "Route53AutoNaming_v20170314.";
    static final String HOST_ID = "0123456789abcdef0";

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final Path data;
    private final ControlPlaneServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_TIMEOUT)
            .build();
    private final String taskId;

    FuzzedControlPlane() throws IOException, InterruptedException {
        data = Files.createTempDirectory("fuzzed-control-plane");
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
        succeed(aws(CLOUD_MAP + "CreateHttpNamespace", "{\"Name\": \"fuzz-ns\"}"));
        succeed(aws(ECS + "CreateCluster", """
                {"clusterName": "fuzz", "serviceConnectDefaults": {"namespace": "fuzz-ns"}}"""));
        succeed(aws(ECS + "RegisterTaskDefinition", """
                {"family": "web", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "web",
                 "command": ["sleep", "60"], "portMappings": [{"name": "http", "containerPort": 8080,
                 "appProtocol": "http"}]}]}"""));
        succeed(aws(ECS + "CreateService", """
                {"cluster": "fuzz", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1,
                 "serviceConnectConfiguration": {"enabled": true, "namespace": "fuzz-ns", "services": [
                 {"portName": "http", "discoveryName": "web", "clientAliases": [{"port": 80, "dnsName": "web"}]}]}}"""));
        succeed(request("POST", "/watch/v1/hosts", """
                {"cluster": "fuzz", "hostId": "%s", "address": "10.0.0.5"}""".formatted(HOST_ID)));
        JsonNode tasks = Json.mapper().readTree(succeed(aws(ECS + "ListTasks", "{\"cluster\": \"fuzz\"}")));
        String taskArn = tasks.path("taskArns").path(0).asText();
        taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /**
     * Tells Jazzer's server-side request forgery detector that the fuzz target's own requests to
     * this control plane on loopback are expected; any other connection is still a finding. Called
     * in the fuzz test itself: the detector is there only once Jazzer runs the first input.
     */
    static void allowOnlyLoopbackConnections() {
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.equals("127.0.0.1"));
    }

    /** The id of the service's task. */
    String taskId() {
        return taskId;
    }

    /** {@code POST /} with an {@code X-Amz-Target}; control characters in it become spaces (no client sends them). */
    HttpResponse<String> aws(String target, String body) throws IOException, InterruptedException {
        String cleanTarget = target.replaceAll("[^\\x21-\\x7e]", " ").strip();
        URI uri = server.endpoint().resolve("/");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", cleanTarget)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        TestSigning.signAws(
                request, uri, cleanTarget, body, server.adminCredentials(), TestSigning.signingNameOf(cleanTarget));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to {@code path} (quoted where it is not a valid URI path, and with a query if it has one). */
    HttpResponse<String> request(String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(pathAndQuery))
                        .timeout(ANSWER_TIMEOUT)
                        .header("Authorization", TestSigning.bearer(server.adminCredentials()))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        URI endpoint = server.endpoint();
        try {
            return new URI(
                    endpoint.getScheme(),
                    endpoint.getAuthority(),
                    path.startsWith("/") ? path : "/" + path,
                    query,
                    null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String succeed(HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as("%s: %s", response.request().uri(), response.body())
                .isEqualTo(200);
        return response.body();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
