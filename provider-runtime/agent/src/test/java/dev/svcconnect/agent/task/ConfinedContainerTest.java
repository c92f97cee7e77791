package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.network.TaskNetwork;
import dev.svcconnect.agent.sandbox.Sandbox;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container as an agent running as root starts it: as an unprivileged user, in PID and mount
 * namespaces of its own, with only the environment the agent builds; stopped with SIGTERM through
 * the namespace's init, and with SIGKILL to every process of the namespace after the stop timeout.
 */
class ConfinedContainerTest {

    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/east/5e1ec7ed00";

    @TempDir
    Path directory;

    private Isolation isolation;
    private TaskNetwork network;
    private TaskProcesses processes;

    @BeforeEach
    void openNetwork() throws IOException {
        Sandbox sandbox = Sandbox.detect();
        assumeThat(sandbox.confines())
                .as("the agent confines containers only as root")
                .isTrue();
        isolation = Isolation.loopback(List.of(URI.create("http://127.0.0.1:1")), directory.resolve("leases"));
        network = isolation.open("5e1ec7ed00", directory);
        processes = new TaskProcesses(ARN, "5e1ec7ed00", directory, network, sandbox);
    }

    @AfterEach
    void stopEverything() {
        if (processes != null) {
            new StopSequence("5e1ec7ed00", new RecordingControlPlaneLink(() -> ""))
                    .terminate(processes.containers(), Duration.ZERO);
            network.close();
            isolation.close();
        }
    }

    private static ContainerSpec container(String user, String script) {
        return new ContainerSpec(
                "app",
                List.of("sh", "-c", script),
                Map.of("GREETING", "hello"),
                true,
                null,
                Map.of(),
                Duration.ofSeconds(30),
                user,
                null);
    }

    private String logOnceItHas(String marker) {
        Path log = TaskFiles.log(directory, "app");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(log)
                        && Files.readString(log, StandardCharsets.UTF_8).contains(marker));
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> section(String log, String name) {
        String start = "--" + name + "\n";
        String body = log.substring(log.indexOf(start) + start.length());
        return List.of(body.substring(0, body.indexOf("--")).split("\n"));
    }

    @Test
    void byDefaultItRunsAsNobodySeesOnlyItsOwnProcessesAndGetsOnlyTheEnvironmentTheAgentBuilds() throws Exception {
        ContainerSpec app = container(
                null,
                "echo --id; id -u; id -g; echo --ps; ps -e -o pid=,comm=; echo --env; env; echo --pwd; pwd;"
                        + " echo written > written; echo --end");

        processes.startContainer(app);
        String log = logOnceItHas("--end");

        assertThat(section(log, "id")).containsExactly("65534", "65534");
        List<String> ps = section(log, "ps");
        assertThat(ps)
                .as("ps shows the namespace's init, the script and ps itself, no host process")
                .hasSizeLessThanOrEqualTo(3)
                .allSatisfy(line -> assertThat(line.trim()).matches("[1-9] (sh|ps)"))
                .anySatisfy(line -> assertThat(line.trim()).isEqualTo("1 sh"));
        Map<String, String> environment = new TreeMap<>();
        for (String line : section(log, "env")) {
            environment.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        environment.remove("PWD");
        assertThat(environment)
                .as("the container's environment is what the agent built, and nothing of the agent's")
                .isEqualTo(new TreeMap<>(processes.environment(app)))
                .containsEntry("PATH", Sandbox.DEFAULT_PATH)
                .containsEntry("GREETING", "hello");
        List<String> agentOnly = new ArrayList<>(System.getenv().keySet());
        agentOnly.removeAll(environment.keySet());
        assertThat(agentOnly).isNotEmpty();
        Path work = TaskFiles.workDirectory(directory, "app");
        assertThat(section(log, "pwd")).containsExactly(work.toString());
        assertThat(Files.getAttribute(work, "unix:uid")).isEqualTo(65534);
        assertThat(Files.getAttribute(work.resolve("written"), "unix:uid")).isEqualTo(65534);
        assertThat(Files.getAttribute(TaskFiles.log(directory, "app"), "unix:uid"))
                .as("the log stays the agent's")
                .isEqualTo(0);
    }

    @Test
    void itRunsAsRootWhenItsDefinitionAsksForRoot() throws Exception {
        processes.startContainer(container("root", "echo --id; id -u; id -g; echo --end"));
        assertThat(section(logOnceItHas("--end"), "id")).containsExactly("0", "0");
    }

    @Test
    void itRunsAsTheUidItsDefinitionGives() throws Exception {
        processes.startContainer(container("4242", "echo --id; id -u; id -g; echo --end"));
        assertThat(section(logOnceItHas("--end"), "id")).containsExactly("4242", "65534");
    }

    @Test
    void aUserThisHostDoesNotHaveKeepsTheContainerFromStarting() {
        assertThatThrownBy(() -> processes.startContainer(container("no-such-user", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container 'app': user: 'no-such-user' names user 'no-such-user'");
    }

    @Test
    void sigtermReachesTheCommandInItsNamespaceAndItsExitCodeIsTheTasks() throws Exception {
        ContainerSpec app =
                container(null, "trap 'echo TERM > term; exit 3' TERM; echo --end; while :; do sleep 0.1; done");
        processes.startContainer(app);
        logOnceItHas("--end");
        Process process = processes.containers().iterator().next();

        new StopSequence("5e1ec7ed00", new RecordingControlPlaneLink(() -> ""))
                .terminate(processes.containers(), Duration.ofSeconds(20));

        assertThat(process.isAlive()).isFalse();
        assertThat(Files.readString(TaskFiles.workDirectory(directory, "app").resolve("term")))
                .isEqualTo("TERM\n");
        assertThat(processes.essentialExit(List.of(app)))
                .isEqualTo(new TaskExit("Essential container in task exited: app exited with code 3", 3));
    }

    @Test
    void aCommandThatIgnoresSigtermIsKilledWithEveryProcessOfItsNamespaceAfterTheStopTimeout() throws Exception {
        ContainerSpec app =
                container(null, "trap 'echo ignored' TERM; sleep 600 & echo --end; while :; do sleep 0.1; done");
        processes.startContainer(app);
        logOnceItHas("--end");
        Process process = processes.containers().iterator().next();
        List<ProcessHandle> namespace = process.descendants().toList();
        assertThat(namespace).hasSizeGreaterThanOrEqualTo(3);

        new StopSequence("5e1ec7ed00", new RecordingControlPlaneLink(() -> ""))
                .terminate(processes.containers(), Duration.ofSeconds(1));

        assertThat(process.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> namespace.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(Files.readString(TaskFiles.log(directory, "app"))).contains("ignored");
    }

    @Test
    void theRecordedProcessIsTheOneTheAgentSignalsAndItsStartTimeIdentifiesIt() throws Exception {
        processes.startContainer(container(null, "echo --end; exec sleep 600"));
        logOnceItHas("--end");
        Process process = processes.containers().iterator().next();

        TaskRecord record = TaskRecord.read(directory).orElseThrow();
        TaskRecord.RecordedProcess recorded = record.processes().get(0);

        assertThat(recorded.pid()).isEqualTo(process.pid());
        assertThat(recorded.live()).map(ProcessHandle::pid).contains(process.pid());
        assertThat(process.info().command())
                .hasValueSatisfying(command -> assertThat(command).endsWith("/unshare"));
    }
}
