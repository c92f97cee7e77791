package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A host agent's side of the watch API, as the ECS tests need it: register a host, read its tasks. */
public final class HostAgents {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final AccessKey admin;

    /** Agents that call the watch API with the admin key (which may act for every host). */
    public HostAgents(URI endpoint, AccessKey admin) {
        this.endpoint = endpoint;
        this.admin = admin;
    }

    /** Registers a host of a cluster with a launch type, CPU units and memory; answers its id. */
    public String register(String cluster, String launchType, int cpu, int memory)
            throws IOException, InterruptedException {
        return registerAgent(cluster, launchType, cpu, memory).get("hostId").asText();
    }

    /**
     * Registers a host as {@link #register} does; answers the registration: {@code hostId} and the
     * new agent key of the host ({@code accessKeyId}, {@code secretAccessKey}).
     */
    public JsonNode registerAgent(String cluster, String launchType, int cpu, int memory)
            throws IOException, InterruptedException {
        return post(
                "/watch/v1/hosts",
                Map.of(
                        "cluster",
                        cluster,
                        "launchType",
                        launchType,
                        "cpu",
                        cpu,
                        "memory",
                        memory,
                        "address",
                        "10.0.0.1"));
    }

    /** Registers a host with the fields of a registration as given (e.g. its {@code hostId}, again). */
    public JsonNode register(Map<String, Object> registration) throws IOException, InterruptedException {
        return post("/watch/v1/hosts", registration);
    }

    /** The tasks assigned to a host, as its agent reads them. */
    public JsonNode assignments(String hostId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(endpoint.resolve("/watch/v1/hosts/" + hostId + "/tasks"))
                        .header("Authorization", TestSigning.bearer(admin))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body()).get("value").get("tasks");
    }

    /** Reports a task's state, as its agent does. */
    public JsonNode report(String taskId, Map<String, Object> state) throws IOException, InterruptedException {
        return post("/watch/v1/tasks/" + taskId + "/state", state);
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(endpoint.resolve(path))
                        .header("Authorization", TestSigning.bearer(admin))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
