package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {

    @TempDir
    Path data;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void aTaskWithAContainerAndAProxy() throws Exception {
        Path task = Files.createDirectories(data.resolve("tasks").resolve("0f2c9e"));
        Files.writeString(task.resolve("app.log"), "app started\n");
        Files.writeString(task.resolve("proxy.log"), "a container named proxy\n");
        Files.writeString(task.resolve("proxy.sidecar.log"), "proxy started: 1 listener(s)\n");
    }

    private int run(String... args) {
        return CommandLines.run(out, err, args);
    }

    @Test
    void printsEveryLogOfATaskByIdOrArnUnderItsName() {
        assertThat(run(
                        "logs",
                        "arn:aws:ecs:us-east-1:000000000000:task/svc-cluster-1/0f2c9e",
                        "--data",
                        data.toString()))
                .isZero();
        assertThat(out.toString())
                .isEqualTo("==> app.log <==\napp started\n==> proxy.log <==\na container named proxy\n"
                        + "==> proxy.sidecar.log <==\nproxy started: 1 listener(s)\n");
    }

    @Test
    void printsOneContainersLogAlone() {
        assertThat(run("logs", "0f2c9e", "--container", "proxy", "--data", data.toString()))
                .isZero();
        assertThat(out.toString()).isEqualTo("a container named proxy\n");
    }

    @Test
    void printsTheSidecarProxysLogAlone() {
        assertThat(run("logs", "0f2c9e", "--proxy", "--data", data.toString())).isZero();
        assertThat(out.toString()).isEqualTo("proxy started: 1 listener(s)\n");
    }

    @Test
    void aContainerAndTheProxyTogetherAreAUsageError() {
        assertThat(run("logs", "0f2c9e", "--proxy", "--container", "app", "--data", data.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void anUnknownTaskOrContainerIsOneLineAndExitCode1() {
        assertThat(run("logs", "0f2c9e", "--container", "db", "--data", data.toString()))
                .isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("logs: no log of container 'db' for task '0f2c9e' under " + data)
                .doesNotContain("\n");
        assertThat(run("logs", "ffff", "--data", data.toString())).isEqualTo(1);
    }
}
