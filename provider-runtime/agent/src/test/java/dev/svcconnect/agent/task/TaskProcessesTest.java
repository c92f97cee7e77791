package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.classdata.SidecarClassData;
import dev.svcconnect.agent.health.HealthCheck;
import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.network.TaskNetwork;
import dev.svcconnect.agent.sandbox.Sandbox;
import dev.svcconnect.agent.sandbox.TaskLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a task's processes start on loopback isolation, and which essential exit ends the task. */
class TaskProcessesTest {

    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/east/0f2c4a6e8b";

    @TempDir
    Path directory;

    private Isolation isolation;
    private TaskNetwork network;
    private TaskProcesses processes;

    @BeforeEach
    void openNetwork() throws IOException {
        isolation = Isolation.loopback(List.of(URI.create("http://127.0.0.1:1")), directory.resolve("leases"));
        network = isolation.open("0f2c4a6e8b", directory);
        processes = new TaskProcesses(ARN, "0f2c4a6e8b", directory, network, Sandbox.unconfined());
    }

    @AfterEach
    void stopEverything() {
        processes.containers().forEach(Process::destroyForcibly);
        network.close();
        isolation.close();
    }

    private static ContainerSpec container(String name, List<String> argv, boolean essential) {
        return new ContainerSpec(
                name,
                argv,
                Map.of("GREETING", "hello"),
                essential,
                (HealthCheck) null,
                Map.of("webui-port", 8000),
                Duration.ofSeconds(30),
                null,
                null);
    }

    @Test
    void theSidecarIsGivenEveryControlPlaneReplicaInTheAgentsOrder() throws Exception {
        Path replicas = directory.resolve("replicas");
        Files.createDirectories(replicas);
        try (Isolation twoReplicas = Isolation.loopback(
                        List.of(URI.create("http://127.0.0.1:7701"), URI.create("http://127.0.0.1:7702")),
                        directory.resolve("leases"));
                TaskNetwork replicasNetwork = twoReplicas.open("1a2b3c4d5e", replicas)) {
            TaskProcesses sidecarOnly =
                    new TaskProcesses(ARN, "1a2b3c4d5e", replicas, replicasNetwork, Sandbox.unconfined());
            // A stand-in for the proxy command that prints its arguments, then what the agent waits for.
            sidecarOnly.startProxy(
                    List.of("sh", "-c", "echo \"args: $*\"; echo proxy started; sleep 30", "sh"), "key", () -> false);
            try {
                assertThat(Files.readString(TaskFiles.proxyLog(replicas), StandardCharsets.UTF_8))
                        .contains(
                                "args: --control-plane http://127.0.0.1:7701,http://127.0.0.1:7702 --task 1a2b3c4d5e");
            } finally {
                sidecarOnly.proxy().destroyForcibly();
            }
        }
    }

    @Test
    void theSidecarIsToldHowManyEventLoopsTheTasksCpuAllows() throws Exception {
        processes.createCgroup(new TaskLimits(256, 512, Map.of()), List.of());
        // A stand-in for the proxy command that prints the variable, then what the agent waits for.
        processes.startProxy(
                List.of(
                        "sh",
                        "-c",
                        "echo \"event loops: $SVC_CONNECT_PROXY_EVENT_LOOPS\"; echo proxy started; sleep 30"),
                "key",
                () -> false);
        try {
            assertThat(Files.readString(TaskFiles.proxyLog(directory), StandardCharsets.UTF_8))
                    .contains("event loops: 1");
        } finally {
            processes.proxy().destroyForcibly();
        }
    }

    @Test
    void aSidecarWhoseJvmCannotRecordItsClassesStartsWithoutAndTheArchiveIsOff() throws Exception {
        // A JVM without its base archive (-Xshare:off) refuses -XX:+RecordDynamicDumpInfo.
        Path standIn = directory.resolve("StandIn.java");
        Files.writeString(standIn, """
                public class StandIn {
                    public static void main(String[] args) throws Exception {
                        System.out.println("proxy started");
                        Thread.sleep(30_000);
                    }
                }
                """);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:off", standIn.toString());
        SidecarClassData classData = SidecarClassData.in(directory.resolve("class-data"), command);

        processes.startProxy(command, classData, "key", () -> false);
        try {
            assertThat(processes.proxy().isAlive()).isTrue();
            assertThat(Files.readString(TaskFiles.proxyLog(directory), StandardCharsets.UTF_8))
                    .contains("Error occurred during initialization of VM", "proxy started");
            assertThat(classData.next()).isEqualTo(new SidecarClassData.Launch(List.of(), false));
        } finally {
            processes.proxy().destroyForcibly();
        }
    }

    @Test
    void aStopDuringTheSidecarsStartEndsTheWaitSayingSoNotAsATimeout() {
        TaskProcesses starting = processes;
        assertThatThrownBy(() -> starting.startProxy(List.of("sh", "-c", "sleep 30", "sh"), "key", () -> true))
                .isInstanceOf(IOException.class)
                .hasMessage("the task was stopped while its sidecar proxy was starting");
        starting.proxy().destroyForcibly();
    }

    @Test
    void aContainerGetsItsPortsItsTaskAndItsOwnEnvironment() {
        Map<String, String> environment = processes.environment(container("webui", List.of("true"), true));

        assertThat(environment)
                .containsEntry("SVC_CONNECT_PORT_WEBUI_PORT", "8000")
                .containsEntry("SVC_CONNECT_APP_ADDRESS", network.appAddress())
                .containsEntry("ECS_CONTAINER_NAME", "webui")
                .containsEntry("ECS_TASK_ARN", ARN)
                .containsEntry("GREETING", "hello")
                .containsAllEntriesOf(network.environment());
    }

    @Test
    void aContainersOutputGoesToItsLogAndItsProcessIsRecorded() throws Exception {
        processes.startContainer(
                container("app", List.of("sh", "-c", "echo \"started as $ECS_CONTAINER_NAME\""), true));

        Path log = TaskFiles.log(directory, "app");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(log)
                        && Files.readString(log, StandardCharsets.UTF_8).contains("\n"));
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).isEqualTo("started as app\n");
        assertThat(Files.readString(directory.resolve(TaskRecord.FILE), StandardCharsets.UTF_8))
                .contains(ARN)
                .contains("\"app\"");
    }

    @Test
    void aContainerWithoutACommandDoesNotStart() {
        assertThatThrownBy(() -> processes.startContainer(container("app", List.of(), true)))
                .isInstanceOf(IOException.class)
                .hasMessage("container 'app' has no command to run");
    }

    @Test
    void anEssentialContainerThatExitedEndsTheTaskWithItsExitCode() throws Exception {
        List<ContainerSpec> specs = List.of(
                container("helper", List.of("sh", "-c", "exit 4"), false),
                container("app", List.of("sh", "-c", "exit 3"), true));
        for (ContainerSpec spec : specs) {
            processes.startContainer(spec);
        }
        for (Process process : processes.containers()) {
            process.waitFor();
        }

        assertThat(processes.essentialExit(specs))
                .isEqualTo(new TaskExit("Essential container in task exited: app exited with code 3", 3));
    }

    @Test
    void aNonEssentialContainerThatExitedLeavesTheTaskRunning() throws Exception {
        List<ContainerSpec> specs = List.of(
                container("helper", List.of("sh", "-c", "exit 4"), false),
                container("app", List.of("sleep", "600"), true));
        for (ContainerSpec spec : specs) {
            processes.startContainer(spec);
        }
        processes.containers().iterator().next().waitFor();

        assertThat(processes.essentialExit(specs)).isNull();
    }
}
