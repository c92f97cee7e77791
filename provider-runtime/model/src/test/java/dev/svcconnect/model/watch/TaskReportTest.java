package dev.svcconnect.model.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskReportTest {

    private static TaskReport read(String json) throws Exception {
        return WireJson.read(Json.mapper().readTree(json), TaskReport.class);
    }

    @Test
    void aReportOfTodaysAgentReadsAndWritesTheSameJson() throws Exception {
        String pending = "{\"lastStatus\":\"PENDING\",\"address\":\"10.0.0.5\",\"appAddress\":\"127.0.0.1\","
                + "\"aliasPrefix\":\"127.7\",\"adminAddress\":\"127.7.0.1:9901\",\"ingressPorts\":{\"web\":15000}}";

        TaskReport report = read(pending).validate();

        assertThat(report)
                .isEqualTo(new TaskReport(
                        "PENDING",
                        "10.0.0.5",
                        "127.0.0.1",
                        Map.of("web", 15000),
                        null,
                        null,
                        null,
                        "127.7",
                        "127.7.0.1:9901"));
        assertThat(wire(report)).isEqualTo(Json.mapper().readTree(pending));
    }

    @Test
    void theAgentsReportsAreTheJsonItSentBefore() throws Exception {
        assertThat(json(TaskReport.of("DEACTIVATING")))
                .isEqualTo(Json.mapper().readTree("{\"lastStatus\":\"DEACTIVATING\"}"));
        assertThat(json(TaskReport.runningHealthy()))
                .isEqualTo(Json.mapper().readTree("{\"lastStatus\":\"RUNNING\",\"healthStatus\":\"HEALTHY\"}"));
        assertThat(json(TaskReport.stopped("Essential container in task exited", 1)))
                .isEqualTo(Json.mapper()
                        .readTree(
                                "{\"lastStatus\":\"STOPPED\",\"stoppedReason\":\"Essential container in task exited\","
                                        + "\"exitCode\":1}"));
        assertThat(json(TaskReport.stopped(null, null)))
                .isEqualTo(Json.mapper().readTree("{\"lastStatus\":\"STOPPED\"}"));
    }

    private static JsonNode json(TaskReport report) throws Exception {
        return Json.mapper().valueToTree(report.validate());
    }

    @Test
    void aFieldANewerAgentAddsIsIgnored() throws Exception {
        assertThat(read("{\"lastStatus\":\"RUNNING\",\"cpuSeconds\":12}").validate())
                .isEqualTo(TaskReport.of("RUNNING"));
    }

    @Test
    void eachInvalidFieldIsNamedWithItsValueAndWhatIsAllowed() throws Exception {
        assertThatThrownBy(() -> read("{}").validate()).hasMessage("lastStatus: is required");
        assertThatThrownBy(() -> TaskReport.of("FLYING").validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lastStatus: FLYING (expected one of: PROVISIONING, PENDING, ACTIVATING, RUNNING,"
                        + " DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED)");
        assertThatThrownBy(() -> read("{\"lastStatus\":\"RUNNING\",\"healthStatus\":\"FINE\"}")
                        .validate())
                .hasMessage("healthStatus: FINE (expected one of: HEALTHY, UNHEALTHY, UNKNOWN)");
        assertThatThrownBy(() -> read("{\"lastStatus\":\"PENDING\",\"ingressPorts\":{\"web\":70000}}")
                        .validate())
                .hasMessage("ingressPorts.web: 70000 (expected: 1-65535)");
        assertThatThrownBy(() -> TaskReport.stopped("gone", -3).validate())
                .hasMessage("exitCode: -3 (expected: 0-255)");
        assertThatThrownBy(() -> read("{\"lastStatus\":\"PENDING\",\"aliasPrefix\":\"10.7\"}")
                        .validate())
                .hasMessage("aliasPrefix: 10.7 (expected: 127.N with N 1-254)");
        assertThatThrownBy(() -> read("{\"lastStatus\":\"PENDING\",\"adminAddress\":\"nowhere\"}")
                        .validate())
                .hasMessage("adminAddress: 'nowhere' (expected: HOST:PORT)");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByItsFieldPath() {
        assertThatThrownBy(() -> read("{\"lastStatus\":\"PENDING\",\"ingressPorts\":{\"web\":\"high\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ingressPorts.web: ");
        assertThatThrownBy(() -> read("{\"lastStatus\":\"STOPPED\",\"exitCode\":[1]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("exitCode: ");
    }

    /** The JSON on the wire, as a receiver parses it. */
    private static JsonNode wire(Object message) throws Exception {
        return Json.mapper().readTree(Json.mapper().writeValueAsBytes(message));
    }
}
