package dev.svcconnect.proxy.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.metrics.MetricsReport;
import dev.svcconnect.model.proxy.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends CloudWatch embedded metric format (EMF) lines to a file every interval: one JSON
 * object per direction and discovery name, in namespace {@code AWS/ECS}, with ECS Service
 * Connect's metric names and dimensions ({@code DiscoveryName} or {@code TargetDiscoveryName},
 * alone and with {@code ServiceName} and {@code ClusterName}), so a CloudWatch agent ships them
 * unchanged. Counters are the interval's increase, {@code ActiveConnectionCount} the current
 * value and {@code TargetResponseTime} the interval's average in milliseconds.
 */
public final class EmfWriter implements AutoCloseable {

    /** The CloudWatch namespace of ECS Service Connect's metrics. */
    public static final String NAMESPACE = "AWS/ECS";

    private static final Logger log = LoggerFactory.getLogger(EmfWriter.class);

    private final Path file;
    private final ProxyMetrics metrics;
    private final ScheduledExecutorService timer;
    private final Map<String, ListenerCounters> previous = new HashMap<>();

    private EmfWriter(Path file, ProxyMetrics metrics) {
        this.file = file;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "emf-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts appending to {@code file} every {@code interval}.
     *
     * @throws IllegalArgumentException if the file cannot be opened for appending
     */
    public static EmfWriter start(Path file, ProxyMetrics metrics, Duration interval) {
        requireNonNull(file, "file");
        requireNonNull(metrics, "metrics");
        requireNonNull(interval, "interval");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: 10 ms or more)");
        }
        try {
            Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    .close();
        } catch (IOException e) {
            throw new IllegalArgumentException("--emf-log: cannot append to " + file + ": " + e.getMessage(), e);
        }
        EmfWriter writer = new EmfWriter(file, metrics);
        writer.timer.scheduleAtFixedRate(
                writer::writeSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return writer;
    }

    private void writeSafely() {
        try {
            write();
        } catch (RuntimeException e) {
            log.warn("EMF lines not written to {}: {}", file, e.getMessage());
        }
    }

    /** Appends one line per listener for the time since the last call. */
    public synchronized void write() {
        MetricsReport report = metrics.report();
        StringBuilder lines = new StringBuilder();
        for (ListenerCounters now : report.listeners()) {
            String key = now.direction().wireName() + "/" + now.discoveryName();
            ListenerCounters before = previous.put(key, now);
            lines.append(line(report, now, before)).append('\n');
        }
        if (lines.isEmpty()) {
            return;
        }
        try (Writer out = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(lines.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(MetricsReport report, ListenerCounters now, ListenerCounters before) {
        boolean inbound = now.direction() == Direction.INBOUND;
        String nameDimension = inbound ? "DiscoveryName" : "TargetDiscoveryName";
        ObjectNode line = Json.mapper().createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", report.sentAtMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add(nameDimension);
        if (report.serviceName() != null && report.clusterName() != null) {
            dimensions.addArray().add(nameDimension).add("ServiceName").add("ClusterName");
            line.put("ServiceName", report.serviceName());
            line.put("ClusterName", report.clusterName());
        }
        line.put(nameDimension, now.discoveryName());
        ArrayNode definitions = directive.putArray("Metrics");
        if (inbound) {
            inboundMetrics(line, definitions, now, before);
        } else {
            outboundMetrics(line, definitions, now, before);
        }
        return line.toString();
    }

    /** What a service's inbound listener measures: connections, bytes, requests, gRPC requests. */
    private static void inboundMetrics(
            ObjectNode line, ArrayNode definitions, ListenerCounters now, ListenerCounters before) {
        metric(line, definitions, "ActiveConnectionCount", "Count", now.activeConnections());
        metric(
                line,
                definitions,
                "NewConnectionCount",
                "Count",
                increase(now.newConnections(), before == null ? 0 : before.newConnections()));
        metric(
                line,
                definitions,
                "ProcessedBytes",
                "Bytes",
                increase(now.bytes(), before == null ? 0 : before.bytes()));
        metric(
                line,
                definitions,
                "RequestCount",
                "Count",
                increase(now.requests(), before == null ? 0 : before.requests()));
        metric(
                line,
                definitions,
                "GrpcRequestCount",
                "Count",
                increase(now.grpcRequests(), before == null ? 0 : before.grpcRequests()));
    }

    /** What a client's outbound listener measures of its target: bytes, requests, status classes, response time. */
    private static void outboundMetrics(
            ObjectNode line, ArrayNode definitions, ListenerCounters now, ListenerCounters before) {
        metric(
                line,
                definitions,
                "TargetProcessedBytes",
                "Bytes",
                increase(now.bytes(), before == null ? 0 : before.bytes()));
        metric(
                line,
                definitions,
                "RequestCountPerTarget",
                "Count",
                increase(now.requests(), before == null ? 0 : before.requests()));
        long[] classes = now.statusClasses();
        long[] previousClasses = before == null ? new long[4] : before.statusClasses();
        for (int i = 0; i < classes.length; i++) {
            metric(
                    line,
                    definitions,
                    "HTTPCode_Target_" + (i + 2) + "XX_Count",
                    "Count",
                    increase(classes[i], previousClasses[i]));
        }
        long count = increase(now.responseTimeCount(), before == null ? 0 : before.responseTimeCount());
        double sum = now.responseTimeSumMillis() - (before == null ? 0 : before.responseTimeSumMillis());
        if (count > 0) {
            definitions.addObject().put("Name", "TargetResponseTime").put("Unit", "Milliseconds");
            line.put("TargetResponseTime", Math.max(0, sum) / count);
        }
    }

    private static long increase(long now, long before) {
        return now >= before ? now - before : now;
    }

    private static void metric(ObjectNode line, ArrayNode definitions, String name, String unit, long value) {
        definitions.addObject().put("Name", name).put("Unit", unit);
        line.put(name, value);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
