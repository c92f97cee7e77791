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
    void theAgentRunsOnASmallSerialHeapWithoutTheOptimizingCompiler() {
        assertThat(JvmOptions.agent())
                .allMatch(option -> option.startsWith("-"))
                .contains(
                        "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");
    }

    @Test
    void javaReadsTheControlPlanesFileAsItIsAndStartsOnThisJdk(@TempDir Path directory) throws Exception {
        assertThat(startJava(directory, JvmOptions.CONTROL_PLANE_RESOURCE))
                .contains("-XX:MaxHeapSize=268435456", "-XX:G1PeriodicGCInterval=15000");
    }

    @Test
    void javaReadsTheAgentsFileAsItIsAndStartsOnThisJdk(@TempDir Path directory) throws Exception {
        assertThat(startJava(directory, JvmOptions.AGENT_RESOURCE))
                .contains("-XX:MaxHeapSize=268435456", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    /** Starts this JDK with {@code java @FILE} on a copy of the resource; what it printed of its flags. */
    private static String startJava(Path directory, String resource) throws Exception {
        Path file = directory.resolve(resource);
        try (InputStream in = JvmOptions.class.getResourceAsStream(resource)) {
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
        return output;
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> JvmOptions.fromResource(JvmOptions.class, "nothing.options"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing.options");
    }
}
