package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server answers to requests that are wrong, and that it keeps serving after each. */
class ProtocolErrorsTest {

    @TempDir
    Path data;

    private ControlPlaneServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
            TestSigning.signAws(
                    request,
                    server.endpoint().resolve("/"),
                    target,
                    body,
                    server.adminCredentials(),
                    TestSigning.signingNameOf(target));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    private void assertStillServing() throws IOException, InterruptedException {
        HttpResponse<String> response = post("AmazonEC2ContainerServiceV20141113.ListClusters", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("clusterArns").isArray()).isTrue();
    }

    @Test
    void anAnswerCarriesARequestIdAndTheAmzJsonContentType() throws Exception {
        HttpResponse<String> response = post("AmazonEC2ContainerServiceV20141113.ListClusters", "{}");

        assertThat(response.headers().firstValue("x-amzn-RequestId"))
                .hasValueSatisfying(id -> assertThat(id).hasSize(36));
        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-amz-json-1.1");
    }

    @Test
    void badJsonIsASerializationException() throws Exception {
        HttpResponse<String> response = post("AmazonEC2ContainerServiceV20141113.CreateCluster", "{\"clusterName\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("__type").asText()).isEqualTo("SerializationException");
        assertThat(json(response).get("message").asText()).startsWith("The request body is not valid JSON");
        assertStillServing();
    }

    @Test
    void anUnknownTargetIsAnUnknownOperationException() throws Exception {
        HttpResponse<String> unknown = post("AmazonEC2ContainerServiceV20141113.LaunchRocket", "{}");
        HttpResponse<String> missing = post(null, "{}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(json(unknown).get("message").asText()).contains("LaunchRocket");
        assertThat(json(missing).get("__type").asText()).isEqualTo("UnknownOperationException");
        assertStillServing();
    }

    @Test
    void aBodyOverOneMebibyteIs413() throws Exception {
        String huge = "{\"clusterName\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = post("AmazonEC2ContainerServiceV20141113.CreateCluster", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("__type").asText()).isEqualTo("RequestEntityTooLargeException");
        assertStillServing();
    }

    @Test
    void aMissingFieldNamesTheField() throws Exception {
        HttpResponse<String> response =
                post("AmazonEC2ContainerServiceV20141113.CreateService", "{\"cluster\": \"c\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("__type").asText()).isEqualTo("InvalidParameterException");
        assertThat(json(response).get("message").asText()).isEqualTo("serviceName: is required");
        assertStillServing();
    }

    @Test
    void aFieldOfTheWrongTypeIsRefused() throws Exception {
        HttpResponse<String> response = post("Route53AutoNaming_v20170314.CreateHttpNamespace", "{\"Name\": 42}");

        assertThat(json(response).get("__type").asText()).isEqualTo("InvalidInput");
        assertThat(json(response).get("message").asText()).isEqualTo("Name: expected a string, got number");
        assertStillServing();
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("__type").asText()).isEqualTo("UnknownOperationException");
    }
}
