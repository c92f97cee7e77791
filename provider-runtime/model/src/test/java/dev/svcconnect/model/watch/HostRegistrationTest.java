package dev.svcconnect.model.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import org.junit.jupiter.api.Test;

class HostRegistrationTest {

    private static HostRegistration read(String json) throws Exception {
        return WireJson.read(Json.mapper().readTree(json), HostRegistration.class);
    }

    @Test
    void aRegistrationOfTodaysAgentRoundTrips() throws Exception {
        String json = "{\"cluster\":\"svc-cluster-2\",\"launchType\":\"FARGATE\",\"cpu\":1024,\"memory\":2048,"
                + "\"address\":\"10.0.0.5\",\"hostId\":\"0123456789abcdef0\"}";

        HostRegistration registration = read(json).validate();

        assertThat(registration)
                .isEqualTo(
                        new HostRegistration("svc-cluster-2", "0123456789abcdef0", "FARGATE", 1024, 2048, "10.0.0.5"));
        assertThat(wire(registration)).isEqualTo(Json.mapper().readTree(json));
    }

    @Test
    void leftOutFieldsTakeTheirDefaults() throws Exception {
        assertThat(read("{\"cluster\":\"c\"}").validate())
                .isEqualTo(new HostRegistration("c", null, "EC2", 2048, 4096, null));
    }

    @Test
    void eachInvalidFieldIsNamedWithItsValueAndWhatIsAllowed() throws Exception {
        assertThatThrownBy(() -> read("{}").validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster: is required");
        assertThatThrownBy(() -> read("{\"cluster\":\"c\",\"hostId\":\"XYZ\"}").validate())
                .hasMessage("hostId: 'XYZ' (expected: 17-64 of 0-9 and a-f, as answered by a registration)");
        assertThatThrownBy(() ->
                        read("{\"cluster\":\"c\",\"launchType\":\"EXTERNAL\"}").validate())
                .hasMessage("launchType: 'EXTERNAL' (expected one of: EC2, FARGATE)");
        assertThatThrownBy(() -> read("{\"cluster\":\"c\",\"cpu\":0}").validate())
                .hasMessage("cpu: 0 (expected: 1 or more)");
        assertThatThrownBy(() -> read("{\"cluster\":\"c\",\"memory\":-1}").validate())
                .hasMessage("memory: -1 (expected: 1 or more)");
        assertThatThrownBy(() -> read("{\"cluster\":\"c\",\"cpu\":\"lots\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cpu: ");
    }

    @Test
    void theAnswerReadsTodaysJsonAndChecksWhatAnAgentNeeds() throws Exception {
        String json = "{\"hostId\":\"8f0e\",\"containerInstanceArn\":\"arn:aws:ecs:us-east-1:000000000000:"
                + "container-instance/c/8f0e\",\"heartbeatIntervalSeconds\":10}";

        HostRegistered answer = WireJson.read(Json.mapper().readTree(json), HostRegistered.class)
                .validate();

        assertThat(answer.hostId()).isEqualTo("8f0e");
        assertThat(answer.heartbeatIntervalSeconds()).isEqualTo(10);
        assertThat(wire(answer)).isEqualTo(Json.mapper().readTree(json));
        assertThatThrownBy(() -> new HostRegistered("8f0e", "arn", 0).validate())
                .hasMessage("heartbeatIntervalSeconds: 0 (expected: 1 or more)");
        assertThatThrownBy(() -> new HostRegistered(null, "arn", 10).validate()).hasMessage("hostId: is required");
    }

    /** The JSON on the wire, as a receiver parses it. */
    private static JsonNode wire(Object message) throws Exception {
        return Json.mapper().readTree(Json.mapper().writeValueAsBytes(message));
    }
}
