package dev.svcconnect.model.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmOptionsTest {

    @Test
    void aFileHoldsOneOptionALineWithoutCommentsOrBlankLines() {
        assertThat(JvmOptions.parse("# the heap\n-Xmx32m\n\n  -Xss256k  \n#-Xint\n"))
                .containsExactly("-Xmx32m", "-Xss256k");
    }

    @Test
    void theControlPlaneRunsOnABoundedHeapThatItGivesBack() {
        assertThat(JvmOptions.controlPlane())
                .allMatch(option -> option.startsWith("-"))
                .contains("-XX:+IgnoreUnrecognizedVMOptions", "-Xmx256m", "-XX:G1PeriodicGCInterval=15000");
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> JvmOptions.fromResource(JvmOptions.class, "nothing.options"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing.options");
    }
}
