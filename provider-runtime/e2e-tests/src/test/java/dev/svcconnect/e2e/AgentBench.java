package dev.svcconnect.e2e;

import dev.svcconnect.agent.host.HostAgent;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Benchmark of the host agent (not a test; run by {@code bench/agent.sh}, as root): the time from
 * CreateService to 10 tasks healthy, against starting the same server process by hand, and the
 * p50/p99 time from a task becoming healthy to a client's proxy sending it traffic, against the
 * 100 ms target.
 */
public final class AgentBench {

    private static final int TASKS = 10;
    private static final int CLIENT_LOOPS = 4;

    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("agent-bench");
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster("svc-cluster-1");
            HostAgent agent = hosts.agent("svc-cluster-1", "netns", false);
            workloads.client("client", "svc-cluster-1");
            workloads.awaitRunning("svc-cluster-1", "client", 1);
            long reference = directStartMillis();

            long created = System.nanoTime();
            workloads.httpServer("server", "svc-cluster-1", TASKS, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            String client = workloads.taskIds("svc-cluster-1", "client").get(0);
            List<String> curl = CallPathTest.curl("netns", hosts, agent, client, "server.svc", 80);
            Map<String, Long> firstAnswer = new ConcurrentHashMap<>();
            List<Thread> loops = new ArrayList<>();
            for (int i = 0; i < CLIENT_LOOPS; i++) {
                Thread loop = new Thread(() -> {
                    long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                    while (firstAnswer.size() < TASKS && System.nanoTime() < end) {
                        try {
                            firstAnswer.putIfAbsent(Hosts.run(curl).trim(), System.currentTimeMillis());
                        } catch (Exception e) {
                            // no endpoint yet
                        }
                    }
                });
                loop.start();
                loops.add(loop);
            }
            workloads.awaitRunning("svc-cluster-1", "server", TASKS, Duration.ofMinutes(5));
            long allHealthy = (System.nanoTime() - created) / 1_000_000;
            for (Thread loop : loops) {
                loop.join();
            }
            List<String> arns = hosts.ecs.listTasks(b -> b.cluster("svc-cluster-1").serviceName("server")).taskArns();
            List<Long> delays = new ArrayList<>();
            for (Task task : hosts.ecs.describeTasks(b -> b.cluster("svc-cluster-1").tasks(arns)).tasks()) {
                String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
                Long answered = firstAnswer.get(id);
                Instant healthy = task.startedAt();
                if (answered != null && healthy != null) {
                    delays.add(Math.max(0, answered - healthy.toEpochMilli()));
                }
            }
            Collections.sort(delays);
            System.out.printf("%-52s %10s %10s %8s%n", "measure", "value", "reference", "ratio");
            System.out.printf("%-52s %8d ms %8d ms %8.1f%n", "CreateService -> " + TASKS + " tasks healthy (vs 1 server by hand)",
                    allHealthy, reference, (double) allHealthy / reference);
            if (!delays.isEmpty()) {
                long p50 = delays.get(delays.size() / 2);
                long p99 = delays.get(Math.min(delays.size() - 1, (int) Math.ceil(delays.size() * 0.99) - 1));
                System.out.printf("%-52s %8d ms %8d ms %8.2f%n", "healthy -> first client request, p50 (" + delays.size() + " tasks)",
                        p50, 100, p50 / 100.0);
                System.out.printf("%-52s %8d ms %8d ms %8.2f%n", "healthy -> first client request, p99", p99, 100, p99 / 100.0);
            }
        }
    }

    /** How long the server process takes to listen when started by hand, outside the agent. */
    private static long directStartMillis() throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(Workloads.java(TaskIdServer.class.getName(), "18080"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
