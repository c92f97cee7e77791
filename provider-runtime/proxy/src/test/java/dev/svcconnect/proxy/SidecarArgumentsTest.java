package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SidecarArgumentsTest {

    @Test
    void theAgentsArgumentsNameTheControlPlaneReplicasAndTheTask() {
        Sidecar.Arguments arguments = Sidecar.Arguments.parse(
                "--control-plane", "http://127.0.0.1:7700,http://127.0.0.2:7700", "--task", "abc123");

        assertThat(arguments.controlPlanes().all())
                .containsExactly(URI.create("http://127.0.0.1:7700"), URI.create("http://127.0.0.2:7700"));
        assertThat(arguments.task()).isEqualTo("abc123");
        assertThat(arguments.config()).isNull();
        assertThat(Sidecar.Arguments.parse("--config", "proxy.json").config()).hasToString("proxy.json");
    }

    @Test
    void aMissingTaskOrAnUnknownArgumentSaysWhatIsExpected() {
        assertThatThrownBy(() -> Sidecar.Arguments.parse("--control-plane", "http://127.0.0.1:7700"))
                .hasMessageContaining("--control-plane and --task are required")
                .hasMessageContaining(
                        "expected: --control-plane URL[,URL...] --task TASK_ID [--ca-bundle FILE], or --config FILE");
        assertThatThrownBy(() -> Sidecar.Arguments.parse("--emf-log", "metrics.log"))
                .hasMessageStartingWith("unknown argument '--emf-log'");
        assertThatThrownBy(() -> Sidecar.Arguments.parse("--config", "proxy.json", "--task", "t"))
                .hasMessageStartingWith("--config goes alone");
        assertThatThrownBy(() -> Sidecar.Arguments.parse("--task")).hasMessageStartingWith("--task needs a value");
    }

    @Test
    void aCaBundleWithoutCertificatesIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> Sidecar.Arguments.parse(
                        "--control-plane", "https://127.0.0.1:7700", "--task", "t", "--ca-bundle", "/nonexistent.pem"))
                .hasMessageStartingWith("--ca-bundle: ");
    }
}
