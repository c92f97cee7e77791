package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {

    @TempDir
    Path directory;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopStarted() {
        started.forEach(Process::destroyForcibly);
    }

    private Process sleeper() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        started.add(process);
        return process;
    }

    @Test
    void aRecordWithoutAStartTimeOrNamingInitNeverSignalsAProcess() throws Exception {
        Process other = sleeper();
        Files.writeString(directory.resolve(TaskRecord.FILE), """
                {"taskArn": "arn:aws:ecs:us-east-1:1:task/c/t", "network": "127.0.0.2",
                 "processes": [{"name": "app", "pid": %d}, {"name": "init", "pid": 1, "startedAtMillis": 0}]}
                """.formatted(other.pid()), StandardCharsets.UTF_8);
        List<String> log = new ArrayList<>();

        List<ProcessHandle> signalled =
                Leftovers.signalProcesses(TaskRecord.read(directory).orElseThrow(), log::add);

        assertThat(signalled).isEmpty();
        assertThat(other.isAlive()).isTrue();
        assertThat(log).hasSize(2).allMatch(line -> line.startsWith("left alone: "));
    }

    @Test
    void aRecordedProcessThatStillRunsWithItsStartTimeIsStopped() throws Exception {
        Process app = sleeper();
        new TaskRecord(
                        "arn:aws:ecs:us-east-1:1:task/c/t",
                        "127.0.0.2",
                        List.of(TaskRecord.RecordedProcess.of("app", app.toHandle())))
                .write(directory);
        List<String> log = new ArrayList<>();

        List<ProcessHandle> signalled =
                Leftovers.signalProcesses(TaskRecord.read(directory).orElseThrow(), log::add);
        Leftovers.stopAll(signalled, log::add);

        assertThat(signalled).extracting(ProcessHandle::pid).containsExactly(app.pid());
        await().atMost(Duration.ofSeconds(5)).until(() -> !app.isAlive());
        assertThat(log).containsExactly("SIGTERM to app (pid " + app.pid() + ")");
    }
}
