package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void itLogsEachLifecycleEventAndStopsCleanlyOnSigterm() throws Exception {
        Process process = startProcess();
        List<String> lines = logUntilListeningThenStop(process);

        assertThat(String.join("\n", lines))
                .contains("control-plane - starting: data " + data)
                .contains("control-plane - created the admin key SVCC")
                // the admin key's creation is the first commit of a new store
                .containsPattern("control-plane - listening on http://127\\.0\\.0\\.1:\\d+ \\(store revision \\d+\\)")
                .contains("control-plane - stopping", "control-plane - stopped");
        assertThat(process.exitValue()).isEqualTo(143);
    }

    @Test
    void withTlsItSaysWhichCaClientsTrustAndListensOnHttps() throws Exception {
        List<String> lines = logUntilListeningThenStop(startProcess("--tls"));

        assertThat(String.join("\n", lines))
                .contains("control-plane - TLS: certificate issued by the CA created in "
                        + data.toAbsolutePath().resolve("tls").resolve("ca.pem")
                        + " (clients pass it with --ca-bundle or AWS_CA_BUNDLE)")
                .containsPattern("control-plane - listening on https://127\\.0\\.0\\.1:\\d+ ");
    }

    @Test
    void aNonLoopbackBindWithoutTlsIsRefusedBeforeTheDataDirectoryIsCreated() {
        Path never = data.resolve("never");

        assertThat(run("control-plane", "--bind", "0.0.0.0", "--port", "0", "--data", never.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("control-plane: bind: 0.0.0.0 is not a loopback address, and plain HTTP would expose"
                        + " the API unencrypted (expected: --tls to serve TLS with a generated CA, or --tls-cert FILE"
                        + " --tls-key FILE; or --bind 127.0.0.1)\n");
        assertThat(never).doesNotExist();
    }

    @Test
    void anAwsPrivateCaEndpointNeedsTheSwitchAndAnHttpUrl() {
        assertThat(run(
                        "control-plane",
                        "--aws-private-ca-endpoint",
                        "http://127.0.0.1:5000",
                        "--data",
                        data.toString()))
                .isEqualTo(2);
        assertThat(run(
                        "control-plane",
                        "--aws-private-ca",
                        "--aws-private-ca-endpoint",
                        "ftp://127.0.0.1:5000",
                        "--data",
                        data.toString()))
                .isEqualTo(2);

        assertThat(err.toString().strip().lines())
                .containsExactly(
                        "control-plane: --aws-private-ca-endpoint: needs --aws-private-ca",
                        "control-plane: --aws-private-ca-endpoint: 'ftp://127.0.0.1:5000' (expected: an http:// or"
                                + " https:// URL)");
    }

    @Test
    void aCertificateWithoutItsKeyIsBadInput() {
        assertThat(run("control-plane", "--tls-cert", "server.pem", "--port", "0", "--data", data.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("control-plane: --tls-cert needs --tls-key (expected: both, or neither for --tls with a"
                        + " generated CA)");
    }

    private Process startProcess(String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SvcConnect.class.getName(),
                "control-plane",
                "--port",
                "0",
                "--data",
                data.toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The process's log lines up to "listening on", then SIGTERM, then the rest until it exits. */
    private static List<String> logUntilListeningThenStop(Process process) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader log =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = log.readLine()) != null && !line.contains("listening on")) {
                lines.add(line);
            }
            lines.add(line);
            process.toHandle().destroy();
            while ((line = log.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        return lines;
    }

    @Test
    void aPortOutOfRangeIsBadInput() {
        assertThat(run("control-plane", "--port", "70000", "--data", data.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("control-plane: port: 70000 (expected: 0-65535, 0 picks a free port)");
    }

    @Test
    void aRegionThatIsNotOneIsBadInput() {
        assertThat(run("control-plane", "--port", "0", "--region", "moon", "--data", data.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("control-plane: region: 'moon' (expected: a Region name");
    }

    @Test
    void aPortInUseIsOneLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(run(
                            "control-plane",
                            "--port",
                            Integer.toString(taken.getLocalPort()),
                            "--data",
                            data.toString()))
                    .isEqualTo(1);
        }
        assertThat(err.toString().strip())
                .startsWith("control-plane: cannot listen on 127.0.0.1:")
                .doesNotContain("\n");
    }

    @Test
    void aBadRegionOrATakenPortIsRefusedBeforeTheDataDirectoryIsCreated() throws Exception {
        Path never = data.resolve("never");
        assertThat(run("control-plane", "--port", "0", "--region", "moon", "--data", never.toString()))
                .isEqualTo(2);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(run(
                            "control-plane",
                            "--port",
                            Integer.toString(taken.getLocalPort()),
                            "--data",
                            never.toString()))
                    .isEqualTo(1);
            assertThat(err.toString())
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use"
                            + " (another program holds the port: stop it or choose another with --port)");
        }
        assertThat(never).doesNotExist();
    }
}
