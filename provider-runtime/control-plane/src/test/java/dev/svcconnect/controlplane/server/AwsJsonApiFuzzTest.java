package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the AWS JSON 1.1 API (ECS and Cloud Map: the dispatcher and every operation's request
 * parsing) over HTTP, on a control plane with a cluster, a service, a host and a task. An input is
 * an {@code X-Amz-Target} line, then the body. Whatever comes, the answer is a success or an AWS
 * error ({@code __type} and {@code message}) with a 4xx status: never a 500, never no answer.
 * Seeds (one or more per operation) and former findings: {@code AwsJsonApiFuzzTestInputs/}.
 */
class AwsJsonApiFuzzTest {

    private static FuzzedControlPlane controlPlane;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new FuzzedControlPlane();
    }

    @AfterAll
    static void stop() throws Exception {
        controlPlane.close();
    }

    @FuzzTest(maxDuration = "10m")
    void anyRequestGetsAnAnswerOrAnAwsErrorWithA4xx(byte[] input) throws Exception {
        FuzzedControlPlane.allowOnlyLoopbackConnections();
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String target = newline < 0 ? text : text.substring(0, newline);
        String body = newline < 0 ? "" : text.substring(newline + 1);

        HttpResponse<String> response = controlPlane.aws(target, body);

        assertAnswerOrAwsError(response);
    }

    /**
     * A 2xx or 3xx, or a 4xx whose JSON body has an AWS error type ({@code InvalidParameterException},
     * Cloud Map's {@code ServiceNotFound}) and a message.
     */
    static void assertAnswerOrAwsError(HttpResponse<String> response) throws Exception {
        String what = response.request().uri() + " answered " + response.statusCode() + ": " + response.body();
        assertThat(response.statusCode()).as(what).isLessThan(500);
        if (response.statusCode() >= 400) {
            JsonNode error = Json.mapper().readTree(response.body());
            assertThat(error.path("__type").asText()).as(what).matches("[A-Z][A-Za-z]+");
            assertThat(error.path("message").asText()).as(what).isNotBlank();
        }
    }
}
