package dev.svcconnect.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A sidecar's key rides in the control plane's URL inside the process, and is sent only as a header. */
class ControlPlaneKeyTest {

    @Test
    void aKeyBecomesABearerHeaderAndLeavesTheUrlThatIsCalled() {
        URI keyed = ControlPlaneKey.with(URI.create("http://127.0.0.1:7700"), "SVCCABC:s3cret");
        assertThat(ControlPlaneKey.authorization(keyed)).isEqualTo("Bearer SVCCABC:s3cret");
        assertThat(ControlPlaneKey.withoutKey(keyed)).hasToString("http://127.0.0.1:7700");
    }

    @Test
    void withoutAKeyNothingChanges() {
        URI plain = URI.create("http://127.0.0.1:7700");
        assertThat(ControlPlaneKey.with(plain, null)).isSameAs(plain);
        assertThat(ControlPlaneKey.with(plain, " ")).isSameAs(plain);
        assertThat(ControlPlaneKey.authorization(plain)).isNull();
        assertThat(ControlPlaneKey.withoutKey(plain)).isSameAs(plain);
    }
}
