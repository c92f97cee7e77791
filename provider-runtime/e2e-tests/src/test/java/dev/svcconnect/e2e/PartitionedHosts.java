package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.agent.host.HostAgent;
import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.agent.task.TaskRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The machine of the partition scenarios: two hosts of one cluster, each agent reaching the
 * control plane through an {@link Uplink}; a client task on one host and a {@link ChaosServer}
 * task on each. The host without the client is the one {@link #cutOff()} cuts off the network
 * (its agent's uplink and its tasks' links drop every packet) until {@link #heal()}.
 */
final class PartitionedHosts implements AutoCloseable {

    static final String CLUSTER = "svc-cluster-1";
    /** The server's per-request timeout (HTTP/1.1 and gRPC): a black-holed task's calls fail after it. */
    static final int PER_REQUEST_TIMEOUT_SECONDS = 2;
    /** Outlier ejection's consecutive failures: the most calls per protocol a cut task may fail. */
    static final int EJECTION_FAILURES = 5;

    final Hosts hosts;
    final Workloads workloads;
    final HostAgent cut;
    final HostAgent kept;
    /** The server tasks before the partition, one on each host. */
    final List<String> servers;
    /** The tasks of the host that is cut off. */
    final Set<String> cutTasks;

    private final Uplink first;
    private final Uplink second;
    private final Uplink cutUplink;
    private final Path cutData;
    private final Path keptData;
    private final String client;

    /** Starts both hosts and their tasks, and waits until they run; on failure, stops what it started. */
    PartitionedHosts(Path data) throws Exception {
        hosts = new Hosts(data);
        try {
            first = new Uplink(hosts.controlPlane.port());
            second = new Uplink(hosts.controlPlane.port());
        } catch (Exception e) {
            hosts.close();
            throw e;
        }
        try {
            workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            String scheme = hosts.controlPlane.endpoint().getScheme();
            List<HostAgent> agents = List.of(
                    hosts.agent(CLUSTER, "netns", false, first.uri(scheme)),
                    hosts.agent(CLUSTER, "netns", false, second.uri(scheme)));
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "client", 1);
            // The host without the client is cut; placement puts one server task on each host.
            int cutIndex = workloads
                            .hostsOf(CLUSTER, "client")
                            .get(0)
                            .equals(agents.get(0).containerInstanceArn())
                    ? 1
                    : 0;
            cut = agents.get(cutIndex);
            kept = agents.get(1 - cutIndex);
            cutUplink = cutIndex == 0 ? first : second;
            cutData = hosts.dataOf(cutIndex);
            keptData = hosts.dataOf(1 - cutIndex);
            workloads.chaosServer("server", CLUSTER, 2, PER_REQUEST_TIMEOUT_SECONDS);
            workloads.awaitRunning(CLUSTER, "server", 2);
            assertThat(workloads.hostsOf(CLUSTER, "server"))
                    .containsExactlyInAnyOrder(kept.containerInstanceArn(), cut.containerInstanceArn());
            servers = workloads.taskIds(CLUSTER, "server");
            client = workloads.taskIds(CLUSTER, "client").get(0);
            cutTasks = Set.copyOf(cut.taskIds());
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** A client loop in the client task, on the host that stays connected. */
    ChaosLoad load() throws Exception {
        return ChaosLoad.in(Faults.namespaceOf(keptData, client));
    }

    /** Cuts the host off: its agent's link to the control plane and its tasks' links drop every packet. */
    void cutOff() throws Exception {
        cutUplink.cut();
        for (String task : cutTasks) {
            Faults.blackHole(cutData, task);
        }
    }

    /** Restores the links {@link #cutOff()} cut. */
    void heal() throws Exception {
        for (String task : cutTasks) {
            Faults.restore(cutData, task);
        }
        cutUplink.heal();
    }

    /**
     * The processes the cut host's agent recorded for each of its tasks, by task id: the same
     * after a partition when no task was started again.
     */
    Map<String, List<TaskRecord.RecordedProcess>> cutTaskProcesses() {
        Map<String, List<TaskRecord.RecordedProcess>> processes = new TreeMap<>();
        for (String task : cutTasks) {
            processes.put(
                    task,
                    TaskRecord.read(TaskFiles.directory(cutData, task))
                            .orElseThrow()
                            .processes());
        }
        return processes;
    }

    /** Whether any of {@code recorded} still runs. */
    static boolean anyAlive(List<TaskRecord.RecordedProcess> recorded) {
        return recorded.stream()
                .anyMatch(p ->
                        ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    /** Asserts that at most {@link #EJECTION_FAILURES} of {@code calls} failed, per protocol. */
    static void assertFailuresBoundedByEjection(List<ChaosLoad.Call> calls) {
        for (String protocol : ChaosLoad.PROTOCOLS) {
            assertThat(calls)
                    .as("failed %s calls", protocol)
                    .filteredOn(c -> c.failed() && c.protocol().equals(protocol))
                    .hasSizeLessThanOrEqualTo(EJECTION_FAILURES);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            second.close();
            first.close();
        } finally {
            hosts.close();
        }
    }
}
