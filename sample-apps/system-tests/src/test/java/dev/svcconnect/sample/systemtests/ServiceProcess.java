package dev.svcconnect.sample.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One sample service running as a child process from its runnable jar, its output in a log file. */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar <name>.jar arguments...} with exactly {@code environment} (plus PATH). */
    static ServiceProcess start(String name, Map<String, String> environment, String... arguments) throws IOException {
        Path jar = Path.of(System.getProperty("sample." + name + ".jar"));
        assertThat(jar).as("the runnable jar of " + name).exists();
        Path logs = Files.createDirectories(Path.of(System.getProperty("sample.logs.dir")));
        Path log = Files.createTempFile(logs, name + "-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        return new ServiceProcess(name, builder.start(), log);
    }

    /** Waits until the service logs that it is ready. */
    ServiceProcess awaitReady() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(process.isAlive())
                    .as(name + " is running; its log:\n" + output())
                    .isTrue();
            assertThat(output()).contains(name + " ready on ");
        });
        return this;
    }

    /** Everything the process has printed so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(name + " exited").isTrue();
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
