package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BuildInfoTest {

    @Test
    void namesTheVersionAndTheCommit() {
        assertThat(BuildInfo.of("0.1.0", "03a72ce", false).describe()).isEqualTo("svc-connect 0.1.0 (commit 03a72ce)");
    }

    @Test
    void marksACommitBuiltWithUncommittedChanges() {
        assertThat(BuildInfo.of("0.2.0-SNAPSHOT", "03a72ce", true).describe())
                .isEqualTo("svc-connect 0.2.0-SNAPSHOT (commit 03a72ce-dirty)");
    }

    @Test
    void aBuildOutsideGitHasAnUnknownCommit() {
        assertThat(BuildInfo.of("0.1.0", null, false).describe()).isEqualTo("svc-connect 0.1.0 (commit unknown)");
        assertThat(BuildInfo.of("0.1.0", " ", true).commit()).isEqualTo("unknown");
    }

    @Test
    void anUnfilteredVersionIsDevelopment() {
        assertThat(BuildInfo.of("${project.version}", "03a72ce", false).version())
                .isEqualTo("development");
        assertThat(BuildInfo.of(null, null, false).version()).isEqualTo("development");
    }

    @Test
    void thisBuildKnowsItsVersion() {
        assertThat(BuildInfo.current().version()).isEqualTo(System.getProperty("svcconnect.version"));
    }

    @Test
    void theVersionOptionPrintsTheVersionAndTheCommit() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = SvcConnect.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));

        assertThat(commandLine.execute("--version")).isZero();
        assertThat(out.toString().strip())
                .matches("svc-connect \\Q" + System.getProperty("svcconnect.version")
                        + "\\E \\(commit ([0-9a-f]{7,}(-dirty)?|unknown)\\)");
    }
}
