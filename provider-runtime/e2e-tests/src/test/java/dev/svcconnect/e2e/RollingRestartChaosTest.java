package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.agent.task.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Chaos: during a rolling deployment, every component restarts in turn: the control plane, each
 * host's agent (SIGTERM, as for an upgrade, then a new agent on its data directory), and each
 * server task's sidecar (SIGTERM to the proxy: the task stops and is replaced). The deployment
 * completes, every task runs the new revision, and the client's calls do not fail. (The client
 * task's own sidecar is left alone: the client loop runs inside that task.)
 */
@Tag("chaos")
class RollingRestartChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final List<String> AGENTS = List.of("agent-a", "agent-b");
    private static final Duration AGENT_RESTART_ALLOWANCE = Duration.ofSeconds(120);

    @TempDir
    Path data;

    @Test
    void everyComponentRestartedInTurnDuringARollingDeploymentAndTheDeploymentCompletes() throws Exception {
        // An agent restarted on this shared machine may take longer than the default 30 s to start
        // and send its first heartbeat (40 s seen at a load of 15): its host would be lost and its
        // tasks replaced, which is the host cut-off scenario's, not this one's.
        try (Hosts hosts = new Hosts(data, AGENT_RESTART_ALLOWANCE)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            Process[] agents = new Process[AGENTS.size()];
            for (int i = 0; i < agents.length; i++) {
                agents[i] = hosts.agentProcess(CLUSTER, AGENTS.get(i), false);
            }
            List<String> servers = workloads.chaosServersAndClient(CLUSTER);
            String client = workloads.taskIds(CLUSTER, "client").get(0);

            String clientNamespace = Faults.namespaceOf(agentDataOf(client), client);
            try (ChaosLoad load = ChaosLoad.in(clientNamespace)) {
                try {
                    load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                    load.assertMutualTlsTo(hosts.ecs, CLUSTER, servers.get(0));
                    String revision2 = workloads.chaosServerRevision(
                            "server",
                            List.of(KeyValuePair.builder()
                                    .name("REVISION")
                                    .value("2")
                                    .build()));
                    long deployed = System.nanoTime();
                    hosts.ecs.updateService(
                            b -> b.cluster(CLUSTER).service("server").taskDefinition(revision2));

                    List<String> restarts = new ArrayList<>();
                    hosts.stopControlPlane();
                    hosts.startControlPlaneAgain();
                    restarts.add("control plane" + during(workloads));
                    for (int i = 0; i < agents.length; i++) {
                        agents[i].destroy();
                        assertThat(agents[i].waitFor(60, TimeUnit.SECONDS)).isTrue();
                        Path log = data.resolve(AGENTS.get(i)).resolve("agent.log");
                        int previousLog = Files.readString(log).length();
                        agents[i] = hosts.agentProcess(CLUSTER, AGENTS.get(i), true);
                        await().atMost(Duration.ofSeconds(120))
                                .until(() -> Files.readString(log)
                                        .substring(previousLog)
                                        .contains("running as "));
                        restarts.add(AGENTS.get(i) + during(workloads));
                    }
                    // One sidecar at a time, each task replaced and answering before the next: restarting
                    // every server task's sidecar at once would take the whole service down.
                    Set<String> restartedSidecars = new HashSet<>();
                    for (String task : workloads.taskIds(CLUSTER, "server")) {
                        Optional<ProcessHandle> sidecar = sidecarOf(task);
                        if (sidecar.isEmpty()) {
                            continue;
                        }
                        sidecar.get().destroy();
                        restartedSidecars.add(task);
                        restarts.add("sidecar of " + task + during(workloads));
                        await().atMost(Duration.ofSeconds(120))
                                .pollInterval(Duration.ofMillis(500))
                                .until(() -> !workloads
                                                .taskIds(CLUSTER, "server")
                                                .contains(task)
                                        && workloads.service(CLUSTER, "server").runningCount() >= 2);
                        // The tasks the service wants now: the deployment may stop an old one meanwhile,
                        // which its clients then stop calling.
                        load.awaitAnswersFrom(() -> serving(hosts), Duration.ofSeconds(60));
                    }

                    await().atMost(Duration.ofSeconds(240))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> {
                                Service service = workloads.service(CLUSTER, "server");
                                return service.deployments().size() == 1
                                        && service.deployments().get(0).rolloutState()
                                                == DeploymentRolloutState.COMPLETED
                                        && service.deployments()
                                                .get(0)
                                                .taskDefinition()
                                                .equals(revision2)
                                        && service.runningCount() == 2;
                            });
                    long completed = System.nanoTime();
                    Set<String> after = new HashSet<>(workloads.taskIds(CLUSTER, "server"));
                    load.awaitAnswersFrom(after, Duration.ofSeconds(60));
                    load.close();

                    System.out.printf(
                            "chaos rolling deployment with the control plane, %d agents and %d sidecars restarted in"
                                    + " turn (%s): deployment completed in %d ms%n%s",
                            agents.length,
                            restartedSidecars.size(),
                            String.join(", ", restarts),
                            (completed - deployed) / 1_000_000,
                            load.figures(deployed));
                    assertThat(restartedSidecars).isNotEmpty();
                    assertThat(after)
                            .doesNotContainAnyElementsOf(servers)
                            .doesNotContainAnyElementsOf(restartedSidecars);
                    assertThat(hosts.ecs
                                    .describeTasks(b -> b.cluster(CLUSTER).tasks(List.copyOf(after)))
                                    .tasks())
                            .allSatisfy(t -> assertThat(t.taskDefinitionArn()).isEqualTo(revision2));
                    assertThat(load.callsSince(deployed))
                            .filteredOn(ChaosLoad.Call::failed)
                            .isEmpty();
                    MeshHops.assertMutualTls(
                            hosts.ecs,
                            CLUSTER,
                            clientNamespace,
                            after.iterator().next());
                } catch (AssertionError | RuntimeException e) {
                    ScenarioEvidence.keep(getClass().getSimpleName(), data, clientNamespace);
                    throw e;
                }
            }
        }
    }

    /** The server tasks that run and that the service wants running (none the deployment is stopping). */
    private static List<String> serving(Hosts hosts) {
        List<String> arns = hosts.ecs
                .listTasks(b -> b.cluster(CLUSTER).serviceName("server").desiredStatus(DesiredStatus.RUNNING))
                .taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return hosts.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(arns)).tasks().stream()
                .filter(t -> "RUNNING".equals(t.lastStatus()) && "RUNNING".equals(t.desiredStatus()))
                .map(t -> t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1))
                .toList();
    }

    /** Whether the service's rollout was still in progress, for the figures. */
    private static String during(Workloads workloads) {
        Service service = workloads.service(CLUSTER, "server");
        boolean inProgress = service.deployments().size() > 1
                || service.deployments().get(0).rolloutState() != DeploymentRolloutState.COMPLETED;
        return inProgress ? " (deployment in progress)" : " (after it completed)";
    }

    private Path agentDataOf(String taskId) {
        return AGENTS.stream()
                .map(data::resolve)
                .filter(agentData ->
                        TaskRecord.read(TaskFiles.directory(agentData, taskId)).isPresent())
                .findFirst()
                .orElseThrow();
    }

    /** The sidecar proxy process of a task, from the task record of the agent that runs it (none yet: empty). */
    private Optional<ProcessHandle> sidecarOf(String taskId) {
        return AGENTS.stream()
                .flatMap(agent -> TaskRecord.read(TaskFiles.directory(data.resolve(agent), taskId)).stream())
                .flatMap(record -> record.processes().stream())
                .filter(p -> p.name().equals(TaskRecord.RecordedProcess.SIDECAR))
                .findFirst()
                .flatMap(p -> ProcessHandle.of(p.pid()));
    }
}
