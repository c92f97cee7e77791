package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ControlPlaneCommandTest {

    @TempDir
    Path data;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = SvcConnect.newCommandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void aPortOutOfRangeIsBadInput() {
        assertThat(run("control-plane", "--port", "70000", "--data", data.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("control-plane: port: 70000 (expected: 0-65535, 0 picks a free port)");
    }

    @Test
    void aRegionThatIsNotOneIsBadInput() {
        assertThat(run("control-plane", "--port", "0", "--region", "moon", "--data", data.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("control-plane: region: 'moon' (expected: a Region name");
    }

    @Test
    void aPortInUseIsOneLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(run("control-plane", "--port", Integer.toString(taken.getLocalPort()), "--data", data.toString()))
                    .isEqualTo(1);
        }
        assertThat(err.toString().strip()).startsWith("control-plane: cannot listen on 127.0.0.1:").doesNotContain("\n");
    }
}
