package dev.svcconnect.local.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stack records kept by a control plane ({@code GET|PUT|DELETE /local/v1/stacks/NAME}).
 * Every call is bounded by a 30 s timeout.
 */
public final class StackStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The records of the control plane at {@code endpoint} ({@code http://HOST:PORT}). */
    public StackStore(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Every record, by stack name. */
    public List<StackState> list() {
        JsonNode answer = send("GET", "", null, 200);
        List<StackState> stacks = new ArrayList<>();
        for (JsonNode stack : answer.path("stacks")) {
            stacks.add(convert(stack));
        }
        return stacks;
    }

    /** The record of {@code stackName}, if it was applied. */
    public Optional<StackState> get(String stackName) {
        JsonNode answer = send("GET", "/" + stackName, null, 200, 404);
        return answer.has("stackName") ? Optional.of(convert(answer)) : Optional.empty();
    }

    /** Stores {@code state}, durably once this returns. */
    public void put(StackState state) {
        try {
            send("PUT", "/" + state.stackName(), Json.mapper().writeValueAsString(state), 200);
        } catch (IOException e) {
            throw new DeployException(
                    "cannot serialize the record of stack " + state.stackName() + ": " + e.getMessage(), e);
        }
    }

    /** Forgets {@code stackName}. */
    public void delete(String stackName) {
        send("DELETE", "/" + stackName, null, 200);
    }

    private JsonNode send(String method, String path, String body, int... expected) {
        URI uri = endpoint.resolve("/local/v1/stacks" + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeployException("cannot reach the control plane at " + endpoint + " (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while calling the control plane at " + endpoint, e);
        }
        for (int status : expected) {
            if (status == response.statusCode()) {
                try {
                    return Json.mapper().readTree(response.body());
                } catch (IOException e) {
                    throw new DeployException(
                            method + " " + uri + " answered something that is not JSON: " + e.getMessage(), e);
                }
            }
        }
        throw new DeployException(
                method + " " + uri + " failed with status " + response.statusCode() + ": " + response.body());
    }

    private static StackState convert(JsonNode node) {
        try {
            return Json.mapper().treeToValue(node, StackState.class);
        } catch (IOException e) {
            throw new DeployException(
                    "the control plane holds a stack record this version cannot read: " + e.getMessage(), e);
        }
    }
}
