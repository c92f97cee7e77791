package dev.svcconnect.e2e;

import dev.svcconnect.agent.host.HostAgent;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Benchmark of the host agent (not a test; run by {@code bench/agent.sh}, as root): the time from
 * CreateService to 10 tasks healthy, against starting the same server process by hand, and the
 * p50/p99 time from a task becoming healthy (its {@code startedAt}) to its endpoint being in a
 * running client proxy's endpoints ({@link StatsProbe}), against the 100 ms target.
 */
public final class AgentBench {

    private static final int TASKS = 10;

    private AgentBench() {}

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("agent-bench");
        try {
            run(data);
        } finally {
            try (var files = Files.walk(data)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void run(Path data) throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster("svc-cluster-1");
            HostAgent agent = hosts.agent("svc-cluster-1", "netns", false);
            workloads.client("client", "svc-cluster-1");
            workloads.awaitRunning("svc-cluster-1", "client", 1);
            long reference = directStartMillis();
            boolean archived = awaitClassDataArchive(data.resolve("agent-0").resolve("class-data"));

            long created = System.nanoTime();
            workloads.httpServer(
                    "server", "svc-cluster-1", TASKS, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            String client = workloads.taskIds("svc-cluster-1", "client").get(0);
            StatsProbe probe = new StatsProbe(agent.networkName(client).orElseThrow(), "outbound-server");
            try (probe) {
                workloads.awaitRunning("svc-cluster-1", "server", TASKS, Duration.ofMinutes(5));
                long allHealthy = (System.nanoTime() - created) / 1_000_000;
                List<String> arns = hosts.ecs
                        .listTasks(b -> b.cluster("svc-cluster-1").serviceName("server"))
                        .taskArns();
                List<Task> tasks = hosts.ecs
                        .describeTasks(b -> b.cluster("svc-cluster-1").tasks(arns))
                        .tasks();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (tasks.stream().anyMatch(t -> probe.firstSeen(address(t)) == null)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                List<Long> delays = new ArrayList<>();
                for (Task task : tasks) {
                    Long seen = probe.firstSeen(address(task));
                    if (seen != null && task.startedAt() != null) {
                        delays.add(Math.max(0, seen - task.startedAt().toEpochMilli()));
                    }
                }
                Collections.sort(delays);
                System.out.printf("%-60s %10s %10s %8s%n", "measure", "value", "reference", "ratio");
                System.out.printf(
                        "%-60s %8d ms %8d ms %8.1f%n",
                        "CreateService -> " + TASKS + " tasks healthy (vs 1 server by hand)",
                        allHealthy,
                        reference,
                        (double) allHealthy / reference);
                if (!delays.isEmpty()) {
                    long p50 = delays.get(delays.size() / 2);
                    long p99 = delays.get(Math.min(delays.size() - 1, (int) Math.ceil(delays.size() * 0.99) - 1));
                    System.out.printf(
                            "%-60s %8d ms %8d ms %8.2f%n",
                            "healthy -> in the client proxy's endpoints, p50 (" + delays.size() + " tasks)",
                            p50,
                            100,
                            p50 / 100.0);
                    System.out.printf(
                            "%-60s %8d ms %8d ms %8.2f%n",
                            "healthy -> in the client proxy's endpoints, p99", p99, 100, p99 / 100.0);
                }
                System.out.printf(
                        "%-60s %8d ms%n", "probe: mean time between two /stats samples", probe.meanIntervalMillis());
                System.out.printf(
                        "%-60s %11s%n", "sidecars started with the host's class-data archive", archived ? "yes" : "no");
            }
        }
    }

    /**
     * Waits (30 s at most) for the agent to have made its sidecars' class-data archive from the
     * client's sidecar, as on a host that has run a sidecar before; answers whether it did.
     */
    private static boolean awaitClassDataArchive(Path directory) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(directory)) {
                try (var files = Files.list(directory)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"))) {
                        return true;
                    }
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A task's Cloud Map endpoint host: the address its agent reported. */
    private static String address(Task task) {
        return task.attributes().stream()
                .filter(a -> a.name().equals("svc-connect.address"))
                .map(a -> a.value())
                .findFirst()
                .orElse("?");
    }

    /** How long the server process takes to listen when started by hand, outside the agent. */
    private static long directStartMillis() throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(Workloads.java(TaskIdServer.class.getName(), "18080"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            while (true) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", 18080), 200);
                    return (System.nanoTime() - start) / 1_000_000;
                } catch (java.io.IOException e) {
                    Thread.sleep(10);
                }
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
