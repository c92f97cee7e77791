package dev.svcconnect.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container runs as another user than the agent and must reach its working directory under the
 * agent's data directory, wherever that is: under a home or a temporary directory mode 0700 too.
 */
class ContainerReachTest {

    @TempDir
    Path directory;

    @Test
    void asRootTheDirectoriesAboveTheTasksGetSearchPermissionAndNothingElse() throws Exception {
        Sandbox sandbox = Sandbox.detect();
        assumeThat(sandbox.confines())
                .as("only a root agent runs containers as other users")
                .isTrue();
        Path home = Files.createDirectory(directory.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path tasks = home.resolve("data").resolve("tasks");
        Path file =
                Files.writeString(Files.createDirectories(tasks.resolve("work")).resolve("app.jar"), "jar");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(readAsNobody(file))
                .as("before: nobody cannot pass through home")
                .isNotEqualTo("jar");

        List<Path> opened = sandbox.letContainersReach(tasks);

        assertThat(opened).contains(home);
        assertThat(opened).doesNotContain(tasks, home.resolve("data"));
        assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx-----x"));
        assertThat(readAsNobody(file)).isEqualTo("jar");
        assertThat(sandbox.letContainersReach(tasks))
                .as("a second agent start changes nothing")
                .isEmpty();
    }

    @Test
    void anAgentThatIsNotRootChangesNoModeItsContainersRunAsItself() throws IOException {
        Path home = Files.createDirectory(directory.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path tasks = home.resolve("data").resolve("tasks");

        assertThat(Sandbox.unconfined().letContainersReach(tasks)).isEmpty();

        assertThat(tasks).isDirectory();
        assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    /** What {@code nobody} reads from the file through its path from the root, or cat's error. */
    private static String readAsNobody(Path file) throws IOException, InterruptedException {
        Process cat = new ProcessBuilder(
                        "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "cat", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
