package dev.svcconnect.agent.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.logs.TaskLogLines;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships a task's new log lines, on a thread of its own so task supervision never waits for it:
 * every {@link #INTERVAL} at most, one batch of at most {@link #MAX_LINES} lines, {@link #MAX_BYTES}
 * bytes of lines and {@link #MAX_ENCODED_BYTES} bytes once encoded as JSON (control characters,
 * such as ANSI colours, take six bytes each there) over the task's containers and proxy (the rest
 * goes in the next one).
 * A batch that cannot be delivered stays in the files and is read again next time. {@link #close()}
 * ships what is left, bounded in time.
 *
 * <pre>{@code
 * LogShipper shipper = LogShipper.start(taskId, Map.of("app", appLog), proxyLog, controlPlane::shipLogs);
 * ...
 * shipper.close();
 * }</pre>
 */
public final class LogShipper implements AutoCloseable {

    /** The shortest time between two batches of a task. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);
    /** The most lines in one batch. */
    public static final int MAX_LINES = 256;
    /** The most bytes of lines in one batch. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The most bytes of one batch as sent (JSON), well below the control plane's limit of 256 KiB. */
    public static final int MAX_ENCODED_BYTES = 192 * 1024;
    /** How long the final flush starts new batches; {@link #close()} waits at most twice that. */
    private static final Duration FINAL_FLUSH = Duration.ofSeconds(5);

    private static final String PROXY = "";
    private static final Logger log = LoggerFactory.getLogger(LogShipper.class);

    private final String taskId;
    private final LogSink sink;
    /** By container name; the proxy's under {@link #PROXY}. */
    private final Map<String, LogFile> files = new LinkedHashMap<>();
    /** Where the shipped offsets are kept, or null. */
    private final Path offsets;

    private final Thread thread;
    private int first;
    private boolean closing;
    private Delivery last = Delivery.DELIVERED;

    private LogShipper(String taskId, Map<String, Path> containers, Path proxy, LogSink sink, Path offsets) {
        this.taskId = requireNonNull(taskId, "taskId");
        this.sink = requireNonNull(sink, "sink");
        this.offsets = offsets;
        containers.forEach((name, path) -> files.put(name, new LogFile(path, System::nanoTime)));
        if (proxy != null) {
            files.put(PROXY, new LogFile(proxy, System::nanoTime));
        }
        LogOffsets.read(offsets).forEach((name, offset) -> {
            if (files.containsKey(name)) {
                files.get(name).resumeAt(offset);
            }
        });
        this.thread = new Thread(this::run, "logs-" + taskId.substring(0, Math.min(8, taskId.length())));
        this.thread.setDaemon(true);
    }

    /**
     * Starts shipping.
     *
     * @param containers the log file of each container, by name
     * @param proxy the sidecar proxy's log file, or null when the task has none
     */
    public static LogShipper start(String taskId, Map<String, Path> containers, Path proxy, LogSink sink) {
        return start(taskId, containers, proxy, sink, null);
    }

    /**
     * Starts shipping from the offsets kept in {@code offsets} (none: from the files' start) and
     * keeps them there after each delivered batch, so that an agent taking the task over after a
     * restart goes on from there.
     *
     * @param offsets the file of the shipped offsets, or null to keep them only in memory
     */
    public static LogShipper start(
            String taskId, Map<String, Path> containers, Path proxy, LogSink sink, Path offsets) {
        LogShipper shipper = new LogShipper(taskId, containers, proxy, sink, offsets);
        shipper.thread.start();
        return shipper;
    }

    private void run() {
        try {
            while (!isClosing()) {
                waitForClose(INTERVAL);
                if (!isClosing()) {
                    shipOnce(false);
                }
            }
            long deadline = System.nanoTime() + FINAL_FLUSH.toNanos();
            while (System.nanoTime() < deadline && shipOnce(true)) {
                // another full batch: the rest follows at once, the task has stopped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ships one batch; answers whether it was full and delivered, so that more may be waiting. */
    private boolean shipOnce(boolean flush) throws InterruptedException {
        List<String> names = new ArrayList<>(files.keySet());
        if (names.isEmpty()) {
            return false;
        }
        first = (first + 1) % names.size();
        int budget = MAX_BYTES;
        Map<String, LogFile.Chunk> chunks = read(names, budget, flush);
        while (budget > LogFile.MAX_LINE_BYTES && encodedSize(batch(chunks)) > MAX_ENCODED_BYTES) {
            budget = Math.max(LogFile.MAX_LINE_BYTES, budget / 2);
            chunks = read(names, budget, flush);
        }
        if (chunks.isEmpty()) {
            return false;
        }
        int lines =
                chunks.values().stream().mapToInt(chunk -> chunk.lines().size()).sum();
        int bytes = chunks.values().stream().mapToInt(LogFile.Chunk::bytes).sum();
        Delivery delivery = lines == 0 ? Delivery.DELIVERED : sink.ship(taskId, batch(chunks));
        if (delivery != last) {
            switch (delivery) {
                case FAILED -> log.info("task {}: cannot ship log lines now; they wait in the task's files", taskId);
                case REFUSED -> log.warn("task {}: the control plane refused log lines; they are dropped", taskId);
                case DELIVERED -> log.info("task {}: shipping log lines again", taskId);
            }
            last = delivery;
        }
        if (delivery == Delivery.FAILED) {
            return false;
        }
        chunks.forEach((name, chunk) -> files.get(name).commit(chunk));
        keepOffsets();
        return lines >= MAX_LINES || bytes >= budget - LogFile.MAX_LINE_BYTES;
    }

    private void keepOffsets() {
        if (offsets == null) {
            return;
        }
        Map<String, Long> shipped = new LinkedHashMap<>();
        files.forEach((name, file) -> shipped.put(name, file.offset()));
        try {
            LogOffsets.write(offsets, shipped);
        } catch (IOException e) {
            log.debug("task {}: keeping the shipped offsets in {}: {}", taskId, offsets, e.getMessage());
        }
    }

    /** The files' new lines, up to {@link #MAX_LINES} and {@code budget} bytes, starting at {@link #first}. */
    private Map<String, LogFile.Chunk> read(List<String> names, int budget, boolean flush) {
        Map<String, LogFile.Chunk> chunks = new LinkedHashMap<>();
        int lines = 0;
        int bytes = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get((first + i) % names.size());
            LogFile file = files.get(name);
            try {
                LogFile.Chunk chunk = file.read(MAX_LINES - lines, budget - bytes, flush);
                if (chunk.end() != file.offset()) {
                    chunks.put(name, chunk);
                    lines += chunk.lines().size();
                    bytes += chunk.bytes();
                }
            } catch (IOException e) {
                log.debug("task {}: reading {}: {}", taskId, name.isEmpty() ? "the proxy's log" : name, e.getMessage());
            }
        }
        return chunks;
    }

    /** The batch's size as the control plane receives it. */
    static int encodedSize(TaskLogLines lines) {
        try {
            return Json.mapper().writeValueAsBytes(lines).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("log lines that cannot be written as JSON", e);
        }
    }

    private static TaskLogLines batch(Map<String, LogFile.Chunk> chunks) {
        Map<String, List<String>> containers = new TreeMap<>();
        List<String> proxy = List.of();
        for (Map.Entry<String, LogFile.Chunk> e : chunks.entrySet()) {
            if (e.getKey().equals(PROXY)) {
                proxy = e.getValue().lines();
            } else if (!e.getValue().lines().isEmpty()) {
                containers.put(e.getKey(), e.getValue().lines());
            }
        }
        return new TaskLogLines(containers, proxy);
    }

    private synchronized boolean isClosing() {
        return closing;
    }

    private synchronized void waitForClose(Duration timeout) throws InterruptedException {
        if (!closing) {
            wait(timeout.toMillis());
        }
    }

    /**
     * Ships what is left (the last line even without its newline) and stops: batches start for
     * {@link #FINAL_FLUSH}, the one under way may take as long again; after that it is interrupted.
     */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(FINAL_FLUSH.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
