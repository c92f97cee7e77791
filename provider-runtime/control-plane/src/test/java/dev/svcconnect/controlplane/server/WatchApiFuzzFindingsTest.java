package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What fuzzing the watch API found, each as the sequence of requests that showed it. */
class WatchApiFuzzFindingsTest {

    private FuzzedControlPlane controlPlane;

    @BeforeEach
    void start() throws Exception {
        controlPlane = new FuzzedControlPlane();
    }

    @AfterEach
    void stop() throws Exception {
        controlPlane.close();
    }

    @Test
    void aStateReportWhoseAddressHasAPortIsRefusedAndTheTasksProxyConfigStillAnswers() throws Exception {
        String task = "/watch/v1/tasks/" + controlPlane.taskId();

        HttpResponse<String> report = controlPlane.request("POST", task + "/state", """
                {"lastStatus": "RUNNING", "address": "10.0.0.5:9901"}""");
        HttpResponse<String> config = controlPlane.request("GET", task + "/proxy-config?waitSeconds=0", "");

        assertThat(report.statusCode()).isEqualTo(400);
        JsonNode error = Json.mapper().readTree(report.body());
        assertThat(error.get("__type").asText()).isEqualTo("InvalidParameterException");
        assertThat(error.get("message").asText())
                .isEqualTo(
                        "address: '10.0.0.5:9901' (expected: a host name or an IP address, an IPv6 one in brackets)");
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
    }

    @Test
    void anAppAddressThatIsNotAHostIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> report =
                controlPlane.request("POST", "/watch/v1/tasks/" + controlPlane.taskId() + "/state", """
                {"lastStatus": "RUNNING", "address": "[fd00::5]", "appAddress": "::1"}""");

        assertThat(report.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(report.body()).get("message").asText())
                .isEqualTo("appAddress: '::1' (expected: a host name or an IP address, an IPv6 one in brackets)");
    }
}
