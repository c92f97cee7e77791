package dev.svcconnect.e2e;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that keeps calling from inside a client task, one request after another, bounded in
 * count; counts failures and which task answered.
 */
final class ClientLoad implements AutoCloseable {

    private static final int MAX_REQUESTS = 5000;

    private final List<String> curl;
    private final List<String> diagnosis;
    private final Thread thread;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final Map<String, Long> lastAnswerAt = new ConcurrentHashMap<>();
    /** When each failed call began ({@link System#nanoTime}). */
    private final List<Long> failedAt = new CopyOnWriteArrayList<>();

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /**
     * One call: when it began ({@link System#nanoTime}), how long it took, the task that answered
     * (null when it failed) and whether that was the task's first answer to this load.
     */
    private record Call(long startedNanos, long nanos, String task, boolean firstAnswer) {

        String describe(long sinceNanos) {
            return nanos / 1_000_000 + " ms at " + (startedNanos - sinceNanos) / 1_000_000 + " ms"
                    + (task == null ? " (failed)" : firstAnswer ? " (the first answer of " + task + ")" : "");
        }
    }

    private volatile boolean stopped;
    private volatile String lastFailure;

    ClientLoad(List<String> curl) {
        this(curl, List.of());
    }

    /**
     * A load that, after a failed call, runs {@code diagnosis} (such as reading the client
     * sidecar's {@code /stats}) and keeps what it printed with the failure; none when empty.
     */
    ClientLoad(List<String> curl, List<String> diagnosis) {
        this.curl = curl;
        this.diagnosis = diagnosis;
        this.thread = new Thread(this::run, "client-load");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped && requests.get() < MAX_REQUESTS) {
            requests.incrementAndGet();
            long started = System.nanoTime();
            Instant startedAt = Instant.now();
            String task = null;
            boolean first = false;
            try {
                task = Hosts.run(curl).trim();
                first = lastAnswerAt.put(task, System.nanoTime()) == null;
            } catch (Exception e) {
                failures.incrementAndGet();
                failedAt.add(started);
                lastFailure = "a call begun at " + startedAt + ": " + e.getMessage() + diagnose();
            }
            calls.add(new Call(started, System.nanoTime() - started, task, first));
        }
    }

    private String diagnose() {
        if (diagnosis.isEmpty()) {
            return "";
        }
        try {
            return "; then " + String.join(" ", diagnosis) + ": "
                    + Hosts.run(diagnosis).strip();
        } catch (Exception e) {
            return "; then " + String.join(" ", diagnosis) + " failed: " + e.getMessage();
        }
    }

    int requests() {
        return requests.get();
    }

    int failures() {
        return failures.get();
    }

    /** When each failed call began, in milliseconds after {@code sinceNanos} ({@link System#nanoTime}). */
    List<Long> failuresAfter(long sinceNanos) {
        return failedAt.stream().map(at -> (at - sinceNanos) / 1_000_000).toList();
    }

    /**
     * The {@code count} slowest calls, slowest first, each as {@code DURATION ms at START ms} with
     * its start in milliseconds after {@code sinceNanos}, and whether it was a task's first answer.
     */
    List<String> slowest(int count, long sinceNanos) {
        return calls.stream()
                .sorted(Comparator.comparingLong(Call::nanos).reversed())
                .limit(count)
                .map(call -> call.describe(sinceNanos))
                .toList();
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Whether {@code taskId} answered after {@code sinceNanos}. */
    boolean answeredSince(String taskId, long sinceNanos) {
        Long at = lastAnswerAt.get(taskId);
        return at != null && at - sinceNanos > 0;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(20_000);
    }
}
