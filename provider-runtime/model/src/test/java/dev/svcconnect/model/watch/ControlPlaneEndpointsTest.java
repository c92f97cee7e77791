package dev.svcconnect.model.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlPlaneEndpointsTest {

    private static final URI A = URI.create("http://10.0.0.1:7700");
    private static final URI B = URI.create("http://10.0.0.2:7700");

    @Test
    void aCommaSeparatedListGivesEveryReplicaInOrderAndStartsWithTheFirst() {
        ControlPlaneEndpoints endpoints =
                ControlPlaneEndpoints.parse("--control-plane", "http://10.0.0.1:7700/, http://10.0.0.2:7700");

        assertThat(endpoints.all()).containsExactly(A, B);
        assertThat(endpoints.current()).isEqualTo(A);
        assertThat(endpoints.resolve("/watch/v1/hosts?revision=3"))
                .isEqualTo(URI.create("http://10.0.0.1:7700/watch/v1/hosts?revision=3"));
        assertThat(endpoints).hasToString("http://10.0.0.1:7700,http://10.0.0.2:7700");
    }

    @Test
    void aFailedReplicaHandsTheNextCallToTheNextOneWithoutWaitingUntilARoundFailed() {
        ControlPlaneEndpoints endpoints =
                ControlPlaneEndpoints.parse("--control-plane", "http://10.0.0.1:7700,http://10.0.0.2:7700");

        endpoints.failed(A);
        assertThat(endpoints.current()).isEqualTo(B);
        assertThat(endpoints.backoff()).isZero();

        endpoints.failed(B);
        assertThat(endpoints.current()).isEqualTo(A);
        assertThat(endpoints.backoff()).isEqualTo(Duration.ofMillis(200));

        endpoints.failed(A);
        endpoints.failed(B);
        assertThat(endpoints.backoff()).isEqualTo(Duration.ofMillis(400));

        endpoints.succeeded();
        assertThat(endpoints.backoff()).isZero();
        assertThat(endpoints.current()).isEqualTo(A);
    }

    @Test
    void aFailureOfAReplicaAlreadyLeftDoesNotMoveOnAgain() {
        ControlPlaneEndpoints endpoints =
                ControlPlaneEndpoints.parse("--control-plane", "http://10.0.0.1:7700,http://10.0.0.2:7700");

        endpoints.failed(A);
        endpoints.failed(A);

        assertThat(endpoints.current()).isEqualTo(B);
    }

    @Test
    void theBackoffStopsGrowingAtFiveSeconds() {
        ControlPlaneEndpoints endpoints = ControlPlaneEndpoints.of(A);
        for (int i = 0; i < 40; i++) {
            endpoints.failed(A);
        }

        assertThat(endpoints.backoff()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void somethingThatIsNotAnHttpUrlIsRefusedWithTheOptionAndWhatIsExpected() {
        assertThatThrownBy(() -> ControlPlaneEndpoints.parse("--control-plane", "http://10.0.0.1:7700,10.0.0.2:7700"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--control-plane: '10.0.0.2:7700' (expected: a URL such as http://127.0.0.1:7700,"
                        + " several separated by commas)");
        assertThatThrownBy(() -> ControlPlaneEndpoints.parse("--control-plane", " "))
                .hasMessage("--control-plane: is required (expected: URL[,URL...])");
    }
}
