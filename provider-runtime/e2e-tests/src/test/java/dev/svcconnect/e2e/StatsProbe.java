package dev.svcconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches which endpoints a task's sidecar proxy has for one listener, by reading its admin
 * {@code /stats} up to 200 times a second from inside the task's network namespace (one curl on one
 * kept-alive connection), and remembers when each endpoint host first appeared: the time an endpoint
 * change reaches a running client, without the sampling of a client's requests across endpoints.
 */
final class StatsProbe implements AutoCloseable {

    private static final String END = "@@end-of-stats@@";
    private static final long MAX_SECONDS = 600;
    /** One curl, one kept-alive connection: no process start between two samples. */
    private static final String RATE = "200/s";

    private final String listener;
    private final Process loop;
    private final Thread reader;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong samples = new AtomicLong();
    private final long started = System.currentTimeMillis();

    StatsProbe(String namespace, String listener) throws IOException {
        this.listener = listener;
        this.loop = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        namespace,
                        "timeout",
                        Long.toString(MAX_SECONDS),
                        "curl",
                        "-s",
                        "--rate",
                        RATE,
                        "-w",
                        "\n" + END + "\n",
                        "http://127.0.0.1:9901/stats?sample=[1-1000000]")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        this.reader = new Thread(this::read, "stats-probe");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(loop.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder sample = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.equals(END)) {
                    sample.append(line).append('\n');
                    continue;
                }
                long now = System.currentTimeMillis();
                samples.incrementAndGet();
                record(sample.toString(), now);
                sample.setLength(0);
            }
        } catch (IOException e) {
            // the loop ended
        }
    }

    private void record(String sample, long now) {
        JsonNode stats;
        try {
            stats = Json.mapper().readTree(sample);
        } catch (IOException e) {
            return;
        }
        for (JsonNode l : stats.path("listeners")) {
            if (listener.equals(l.path("name").asText())) {
                for (JsonNode endpoint : l.path("endpoints")) {
                    String address = endpoint.path("address").asText();
                    firstSeen.putIfAbsent(address.substring(0, Math.max(0, address.lastIndexOf(':'))), now);
                }
            }
        }
    }

    /** When (epoch millis) the listener first had an endpoint on {@code host}; null if not yet. */
    Long firstSeen(String host) {
        return firstSeen.get(host);
    }

    /** The mean time between two samples so far: the probe's resolution. */
    long meanIntervalMillis() {
        long count = samples.get();
        return count == 0 ? -1 : (System.currentTimeMillis() - started) / count;
    }

    @Override
    public void close() throws InterruptedException {
        loop.descendants().forEach(ProcessHandle::destroy);
        loop.destroy();
        loop.waitFor(10, TimeUnit.SECONDS);
    }
}
