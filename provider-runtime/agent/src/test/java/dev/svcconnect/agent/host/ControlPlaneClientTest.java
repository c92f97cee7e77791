package dev.svcconnect.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlPlaneClientTest {

    @Test
    void anErrorAnswerOfTheApiReadsAsASentenceNamingItsType() {
        ControlPlaneClient.ApiError error = new ControlPlaneClient.ApiError(
                400, "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found: nope.\"}");

        assertThat(error.getMessage())
                .isEqualTo(
                        "the control plane refused it (HTTP 400, ClusterNotFoundException): Cluster not found: nope.");
        assertThat(error.status()).isEqualTo(400);
    }

    @Test
    void anAnswerThatIsNotAnApiErrorIsShownAsItCame() {
        assertThat(new ControlPlaneClient.ApiError(502, "Bad Gateway").getMessage())
                .isEqualTo("the control plane refused it (HTTP 502): Bad Gateway");
    }
}
