package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.sandbox.Cgroups;
import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.agent.task.TaskRecord;
import dev.svcconnect.model.proxy.AdminConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A task cannot take its host: as an agent running as root starts it, its container runs as an
 * unprivileged user, sees only its own processes, has none of the agent's environment and cannot
 * drain its sidecar, nor call the control plane without its sidecar's key; with cgroup v2 on the
 * host, its memory limit holds.
 */
class TaskIsolationTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final String AGENT_DATA = "agent-isolated";

    @TempDir
    Path data;

    /** What the container reports about itself, then it waits to be stopped. */
    private static final String PROBE = "echo --uid; id -u; echo --ps; ps -e -o pid=,comm=; echo --env; env;"
            + " echo --drain; curl -s -o /dev/null -w '%{http_code}\\n' -X POST http://127.0.0.1:9901/drain;"
            + " echo --end; exec sleep 600";

    @Test
    void aTasksContainerRunsUnprivilegedSeesOnlyItsOwnProcessesAndCannotDrainItsSidecar() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agentProcess(CLUSTER, AGENT_DATA);
            String arn = hosts.ecs
                    .registerTaskDefinition(b -> b.family("probe")
                            .cpu("256")
                            .memory("512")
                            .containerDefinitions(
                                    c -> c.name("app").image("none").command("sh", "-c", PROBE)))
                    .taskDefinition()
                    .taskDefinitionArn();
            hosts.ecs.createService(b -> b.cluster(CLUSTER)
                    .serviceName("probe")
                    .taskDefinition(arn)
                    .desiredCount(1)
                    .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(Workloads.NAMESPACE)));
            workloads.awaitRunning(CLUSTER, "probe", 1);
            Path task = TaskFiles.directory(
                    data.resolve(AGENT_DATA),
                    workloads.taskIds(CLUSTER, "probe").get(0));
            Path log = TaskFiles.log(task, "app");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("--end"));
            String report = Files.readString(log, StandardCharsets.UTF_8);

            assertThat(section(report, "uid")).containsExactly("65534");
            assertThat(section(report, "ps"))
                    .as("ps inside the task shows the namespace's init, the probe and ps")
                    .allSatisfy(line -> assertThat(line.trim()).matches("[1-9] (sh|ps)"));
            assertThat(section(report, "env"))
                    .noneMatch(line -> line.startsWith(Hosts.AGENT_ONLY_VARIABLE + "="))
                    .noneMatch(line -> line.startsWith(AdminConfig.TOKEN_ENVIRONMENT_VARIABLE + "="))
                    .noneMatch(line -> line.startsWith("SVC_CONNECT_PROXY_KEY="))
                    .contains("HOME=" + TaskFiles.workDirectory(task, "app"));
            assertThat(section(report, "drain")).as("POST /drain from the app").containsExactly("403");

            TaskRecord record = TaskRecord.read(task).orElseThrow();
            long sidecar = record.processes().stream()
                    .filter(p -> p.name().equals(TaskRecord.RecordedProcess.SIDECAR))
                    .findFirst()
                    .orElseThrow()
                    .pid();
            String token = environmentVariable(sidecar, AdminConfig.TOKEN_ENVIRONMENT_VARIABLE);
            assertThat(environmentVariable(sidecar, "SVC_CONNECT_PROXY_KEY"))
                    .as("the sidecar's own key, beside its drain token")
                    .startsWith("SVCC");
            String drained = Hosts.run(List.of(
                    "ip",
                    "netns",
                    "exec",
                    record.network(),
                    "curl",
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "-X",
                    "POST",
                    "-H",
                    "Authorization: Bearer " + token,
                    "http://127.0.0.1:9901/drain"));
            assertThat(drained)
                    .as("POST /drain with the agent's token, in the task's namespace")
                    .isEqualTo("202");

            // From the task's network the control plane is reachable only through the agent's relay
            // on the bridge; without a key nothing answers but a refusal.
            String controlPlane = sidecarsControlPlane(sidecar);
            String taskId = workloads.taskIds(CLUSTER, "probe").get(0);
            assertThat(fromTheTask(
                            record.network(),
                            "-X",
                            "POST",
                            "-H",
                            "Content-Type: application/x-amz-json-1.1",
                            "-H",
                            "X-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters",
                            "-d",
                            "{}",
                            controlPlane + "/"))
                    .as("an AWS API call without a signature")
                    .startsWith("403 ")
                    .contains("MissingAuthenticationTokenException");
            assertThat(fromTheTask(record.network(), controlPlane + "/watch/v1/tasks/" + taskId + "/proxy-config"))
                    .as("the task's proxy configuration without its key")
                    .startsWith("403 ");
            assertThat(fromTheTask(
                            record.network(),
                            "-X",
                            "POST",
                            "-H",
                            "Content-Type: application/json",
                            "-d",
                            "{}",
                            controlPlane + "/watch/v1/tasks/" + taskId + "/metrics"))
                    .as("metrics pushed for the task without its key")
                    .startsWith("403 ");
        }
    }

    /** The control plane URL the sidecar was started with: the agent's relay on the task's bridge. */
    private static String sidecarsControlPlane(long sidecar) throws Exception {
        List<String> argv = List.of(Files.readString(Path.of("/proc", Long.toString(sidecar), "cmdline"))
                .split("\u0000"));
        return argv.get(argv.indexOf("--control-plane") + 1);
    }

    /** curl run in the task's network namespace, as a process of the task would: {@code STATUS BODY}. */
    private static String fromTheTask(String network, String... curl) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("ip", "netns", "exec", network, "curl", "-s", "-m", "10", "-w", "%{http_code} "));
        command.addAll(List.of(curl));
        String out = Hosts.run(command);
        // curl prints the body, then "STATUS " (-w): the status goes to the front.
        int body = out.length() - "000 ".length();
        return out.substring(body).trim() + " " + out.substring(0, body);
    }

    @Test
    void aContainerThatAllocatesBeyondItsMemoryLimitIsKilledAndTheTaskStopsSayingSo() throws Exception {
        assumeThat(Cgroups.detect().unavailable())
                .as("cgroup v2 with the memory controller on this host")
                .isNull();
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "netns", false);
            hosts.ecs.registerTaskDefinition(b -> b.family("hog")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                            c -> c.name("app").image("none").memory(32).command("sh", "-c", "exec tail /dev/zero")));
            String taskArn = hosts.ecs
                    .runTask(b -> b.cluster(CLUSTER).taskDefinition("hog").startedBy("e2e"))
                    .tasks()
                    .get(0)
                    .taskArn();

            Task stopped = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> hosts.ecs
                                    .describeTasks(b -> b.cluster(CLUSTER).tasks(taskArn))
                                    .tasks()
                                    .get(0),
                            t -> "STOPPED".equals(t.lastStatus()));
            assertThat(stopped.stoppedReason())
                    .contains("app exited with code 137")
                    .contains("OutOfMemoryError: Container killed due to memory usage");
        }
    }

    private static List<String> section(String report, String name) {
        String start = "--" + name + "\n";
        String body = report.substring(report.indexOf(start) + start.length());
        return List.of(body.substring(0, body.indexOf("--")).split("\n"));
    }

    /** A variable of a process's environment, read as root from {@code /proc/PID/environ}. */
    private static String environmentVariable(long pid, String name) throws Exception {
        String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.ISO_8859_1);
        for (String entry : environ.split("\0")) {
            if (entry.startsWith(name + "=")) {
                return entry.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " is not in the environment of pid " + pid);
    }
}
