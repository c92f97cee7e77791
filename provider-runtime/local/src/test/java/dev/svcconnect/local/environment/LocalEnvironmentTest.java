package dev.svcconnect.local.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the background control plane when it cannot start, and finding none that runs. */
class LocalEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void aLauncherThatExitsAtOnceIsReportedWithItsLog() {
        LocalEnvironment environment =
                new LocalEnvironment(dir, List.of("sh", "-c", "echo no java here; exit 3", "sh"));

        assertThatThrownBy(environment::start)
                .hasMessage("the control plane exited with code 3 before listening; its log "
                        + dir.resolve("logs/control-plane.log") + " ends: no java here");
        assertThat(dir.resolve("control-plane.json")).doesNotExist();
    }

    @Test
    void aStaleOrUnreadablePidFileMeansNothingRuns() throws IOException {
        LocalEnvironment environment = new LocalEnvironment(dir, List.of("unused"));
        Files.writeString(
                dir.resolve("control-plane.json"), "{\"pid\": 2147483647, \"endpoint\": \"http://127.0.0.1:1\"}");
        assertThat(environment.running()).isEmpty();

        Files.writeString(dir.resolve("control-plane.json"), "not json");
        assertThat(environment.running()).isEmpty();
        assertThat(environment.stop(new PrintStream(OutputStream.nullOutputStream())))
                .isFalse();
    }
}
