package dev.svcconnect.e2e;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A {@link ChaosClient} calling over HTTP/1.1, gRPC and TCP from inside a client task's network
 * namespace, for at most {@link #MAX_SECONDS} s and {@link #MAX_CALLS} calls per protocol; keeps
 * every call's outcome, with when it ended, for the scenario's figures.
 */
final class ChaosLoad implements AutoCloseable {

    static final List<String> PROTOCOLS = List.of("http", "grpc", "tcp");
    private static final int MAX_SECONDS = 600;
    private static final int MAX_CALLS = 20_000;

    /**
     * One call: its protocol, whether it failed, how long it took, what answered or why it failed,
     * when it ended (for ordering, and by the wall clock to be read against the components' logs).
     */
    record Call(String protocol, boolean failed, long millis, String detail, long endedNanos, Instant endedAt) {}

    private final String namespace;
    private final Process process;
    private final Thread reader;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Long> lastAnswerAt = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    private ChaosLoad(String namespace, Process process) {
        this.namespace = namespace;
        this.process = process;
        this.reader = new Thread(this::read, "chaos-load");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the client in {@code namespace}, calling the aliases {@link Workloads#chaosServer} declares. */
    static ChaosLoad in(String namespace) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(Workloads.java(
                ChaosClient.class.getName(),
                "http://web.svc:80/",
                "rpc.svc:50051",
                "tcp.svc:7000",
                Integer.toString(MAX_SECONDS),
                Integer.toString(MAX_CALLS)));
        return new ChaosLoad(
                namespace,
                new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.appendTo(
                                Path.of("target", "chaos-client.log").toFile()))
                        .start());
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] fields = line.split(" ", 4);
                if (stopping || fields.length < 3 || !fields[2].matches("\\d+")) {
                    continue;
                }
                long now = System.nanoTime();
                String detail = fields.length == 4 ? fields[3] : "";
                boolean failed = fields[1].equals("fail");
                synchronized (calls) {
                    calls.add(new Call(fields[0], failed, Long.parseLong(fields[2]), detail, now, Instant.now()));
                }
                if (!failed) {
                    lastAnswerAt.put(fields[0] + " " + detail, now);
                }
            }
        } catch (IOException e) {
            // the client is gone
        }
    }

    /** Waits until every task of {@code tasks} has answered over every protocol after this call. */
    void awaitAnswersFrom(Collection<String> tasks, Duration atMost) {
        awaitAnswersFrom(() -> tasks, atMost);
    }

    /**
     * Waits until every task of those {@code tasks} names at each look has answered over every
     * protocol after this call: a task that leaves the set meanwhile (a deployment stops it) is no
     * longer waited for, one that joins it is.
     */
    void awaitAnswersFrom(Supplier<? extends Collection<String>> tasks, Duration atMost) {
        long since = System.nanoTime();
        try {
            await().atMost(atMost)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> unanswered(tasks.get(), since).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "no answer within " + atMost + " from " + unanswered(tasks.get(), since) + "\n" + figures(since),
                    e);
        }
    }

    /** The protocol and task pairs of {@code tasks} with no answer since {@code sinceNanos}. */
    private List<String> unanswered(Collection<String> tasks, long sinceNanos) {
        List<String> missing = new ArrayList<>();
        for (String task : tasks) {
            for (String protocol : PROTOCOLS) {
                Long at = lastAnswerAt.get(protocol + " " + task);
                if (at == null || at - sinceNanos <= 0) {
                    missing.add(protocol + " " + task);
                }
            }
        }
        return missing;
    }

    /**
     * Checks from the client's namespace that the hops to {@code serverTaskId} are mutual TLS, as
     * every namespace's are by default ({@link MeshHops}); prints the evidence with the figures.
     */
    void assertMutualTlsTo(EcsClient ecs, String cluster, String serverTaskId)
            throws IOException, InterruptedException {
        MeshHops.assertMutualTls(ecs, cluster, namespace, serverTaskId);
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<Call> callsSince(long nanos) {
        return calls().stream().filter(c -> c.endedNanos() - nanos >= 0).toList();
    }

    List<Call> failures() {
        return calls().stream().filter(Call::failed).toList();
    }

    /** The figures of each protocol for the calls that ended after {@code sinceNanos}. */
    String figures(long sinceNanos) {
        StringBuilder out = new StringBuilder();
        if (!process.isAlive() && !stopping) {
            out.append("  the client exited: ").append(process.exitValue()).append('\n');
        }
        List<Call> window = callsSince(sinceNanos);
        for (String protocol : PROTOCOLS) {
            List<Call> of =
                    window.stream().filter(c -> c.protocol().equals(protocol)).toList();
            long[] millis = of.stream().mapToLong(Call::millis).sorted().toArray();
            out.append(String.format(
                    "  %-4s %6d calls %4d failed  p50 %5d ms  p99 %5d ms  max %5d ms%n",
                    protocol,
                    of.size(),
                    of.stream().filter(Call::failed).count(),
                    percentile(millis, 50),
                    percentile(millis, 99),
                    millis.length == 0 ? 0 : millis[millis.length - 1]));
        }
        failures().stream()
                .filter(c -> c.endedNanos() - sinceNanos >= 0)
                .limit(5)
                .forEach(c -> out.append("  failed: ")
                        .append(c.endedAt())
                        .append(' ')
                        .append(c.protocol())
                        .append(' ')
                        .append(c.detail())
                        .append('\n'));
        return out.toString();
    }

    /** The p-th percentile (nearest rank) of sorted values; 0 for none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        reader.join(5_000);
    }
}
