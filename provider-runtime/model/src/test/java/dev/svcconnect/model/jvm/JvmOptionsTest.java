package dev.svcconnect.model.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void javaReadsTheControlPlanesFileAsItIsAndStartsOnThisJdk(@TempDir Path directory) throws Exception {
        Path file = directory.resolve(JvmOptions.CONTROL_PLANE_RESOURCE);
        try (InputStream in = JvmOptions.class.getResourceAsStream(JvmOptions.CONTROL_PLANE_RESOURCE)) {
            Files.write(file, in.readAllBytes());
        }
        Process java = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "@" + file,
                        "-XX:+PrintCommandLineFlags",
                        "-version")
                .redirectErrorStream(true)
                .start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("-XX:MaxHeapSize=268435456", "-XX:G1PeriodicGCInterval=15000");
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> JvmOptions.fromResource(JvmOptions.class, "nothing.options"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing.options");
    }
}
