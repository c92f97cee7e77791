package dev.svcconnect.e2e;

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
    private final Thread thread;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final Map<String, Long> lastAnswerAt = new ConcurrentHashMap<>();
    /** When each failed call began ({@link System#nanoTime}). */
    private final List<Long> failedAt = new CopyOnWriteArrayList<>();

    private volatile boolean stopped;
    private volatile String lastFailure;

    ClientLoad(List<String> curl) {
        this.curl = curl;
        this.thread = new Thread(this::run, "client-load");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped && requests.get() < MAX_REQUESTS) {
            requests.incrementAndGet();
            long started = System.nanoTime();
            try {
                lastAnswerAt.put(Hosts.run(curl).trim(), System.nanoTime());
            } catch (Exception e) {
                failures.incrementAndGet();
                failedAt.add(started);
                lastFailure = e.getMessage();
            }
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
