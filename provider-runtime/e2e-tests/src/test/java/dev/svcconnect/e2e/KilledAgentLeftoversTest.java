package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.task.Leftovers;
import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.agent.task.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent killed with kill -9 leaves its tasks' processes and network namespaces running; the next
 * agent started on the same data directory stops and removes those of the tasks the control plane
 * no longer wants (here: their service scaled to 0 meanwhile) before it reports running (it takes
 * the others over: {@link AgentRestartTest}). A data directory serves one running agent at a time.
 */
class KilledAgentLeftoversTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final String AGENT_DATA = "agent-killed";

    @TempDir
    Path data;

    @Test
    void anAgentOnTheDataOfAKilledOneStopsTheOldTaskProcessesAndRemovesTheirNamespaceAndNothingElseAndAThirdIsRefused()
            throws Exception {
        Process bystander = new ProcessBuilder("sleep", "600").start();
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            Process killed = hosts.agentProcess(CLUSTER, AGENT_DATA);
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "client", 1);
            String taskId = workloads.taskIds(CLUSTER, "client").get(0);
            Path taskDirectory = TaskFiles.directory(data.resolve(AGENT_DATA), taskId);
            TaskRecord record = TaskRecord.read(taskDirectory).orElseThrow();
            assertThat(record.processes())
                    .extracting(TaskRecord.RecordedProcess::name)
                    .containsExactly(TaskRecord.RecordedProcess.SIDECAR, "app");

            hosts.kill(killed);
            assertThat(record.processes()).allMatch(p -> p.live().isPresent());
            assertThat(Path.of("/run/netns", record.network())).exists();
            hosts.ecs.updateService(b -> b.cluster(CLUSTER).service("client").desiredCount(0));

            Path log = data.resolve(AGENT_DATA).resolve("agent.log");
            int killedAgentsLog = Files.readString(log).length();
            hosts.agentProcess(CLUSTER, AGENT_DATA);
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            Files.readString(log).substring(killedAgentsLog).contains("running as "));
            String text = Files.readString(log).substring(killedAgentsLog);
            for (TaskRecord.RecordedProcess process : record.processes()) {
                assertThat(text)
                        .contains("left by a previous agent: task " + taskId + ": SIGTERM to " + process.name()
                                + " (pid " + process.pid() + ")");
                assertThat(ProcessHandle.of(process.pid()).map(Leftovers::ended).orElse(true))
                        .as("pid %s ended", process.pid())
                        .isTrue();
            }
            assertThat(text)
                    .contains(
                            "task " + taskId + ": removed network namespace " + record.network(),
                            "cleaned 1 task(s) a previous agent on");
            assertThat(Path.of("/run/netns", record.network())).doesNotExist();
            assertThat(Path.of("/etc/netns", record.network())).doesNotExist();
            assertThat(TaskRecord.directoriesWithRecords(data.resolve(AGENT_DATA)))
                    .isEmpty();
            assertThat(bystander.isAlive()).isTrue();

            Process another = hosts.agentProcess(CLUSTER, AGENT_DATA);
            assertThat(another.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(another.exitValue()).isNotZero();
            assertThat(Files.readString(log).substring(killedAgentsLog)).contains("is in use by another agent");
            bystander.destroy();
            bystander.waitFor();
        } finally {
            bystander.destroy();
            bystander.waitFor();
        }
    }
}
