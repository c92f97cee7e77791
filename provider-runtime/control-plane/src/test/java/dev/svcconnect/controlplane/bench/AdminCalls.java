package dev.svcconnect.controlplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The benches' calls of a control plane's AWS API, signed with its admin key; a non-200 answer fails. */
final class AdminCalls {

    static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    static final String CLOUD_MAP = "Route53AutoNaming_v20170314.";

    private final HttpClient http;
    private final URI endpoint;
    private final AccessKey admin;

    AdminCalls(HttpClient http, URI endpoint, AccessKey admin) {
        this.http = http;
        this.endpoint = endpoint;
        this.admin = admin;
    }

    /** {@code target} ({@code ECS + "CreateCluster"}, say) with a JSON body; answers the JSON answer. */
    JsonNode call(String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        TestSigning.signAws(request, endpoint.resolve("/"), target, body, admin, TestSigning.signingNameOf(target));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    /** Cloud Map's RegisterInstance of {@code ip:8080}; its answer. */
    JsonNode register(String serviceId, String instanceId, String ip) throws IOException, InterruptedException {
        return call(
                CLOUD_MAP + "RegisterInstance",
                "{\"ServiceId\":\"" + serviceId + "\",\"InstanceId\":\"" + instanceId
                        + "\",\"Attributes\":{\"AWS_INSTANCE_IPV4\":\"" + ip + "\",\"AWS_INSTANCE_PORT\":\"8080\"}}");
    }
}
