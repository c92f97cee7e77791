package dev.svcconnect.proxy.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.watch.WatchResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A test server that speaks exactly the documented watch protocol ({@code docs/watch-api.md}) for
 * one task's proxy configuration: an answer at once when the revision differs, else a hold until
 * a change or {@code waitSeconds}, then 304.
 */
public final class WatchServer implements AutoCloseable {

    private final String taskId;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private long revision;
    private ProxyConfig value;
    private int configurationsSent;

    public WatchServer(String taskId, int port, long firstRevision, ProxyConfig first) {
        this.taskId = taskId;
        this.revision = firstRevision;
        this.value = first;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/watch/v1/tasks/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many answers carried a configuration (not a 304 or a 404). */
    public synchronized int configurationsSent() {
        return configurationsSent;
    }

    /** Publishes a new revision of the configuration. */
    public synchronized void publish(ProxyConfig next) {
        revision++;
        value = next;
        notifyAll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/watch/v1/tasks/" + taskId + "/proxy-config")) {
            send(exchange, 404, "{\"__type\":\"TaskNotFoundException\",\"message\":\"no task " + path + "\"}");
            return;
        }
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        long known = Long.parseLong(query.getOrDefault("revision", "-1"));
        long waitMillis = Math.min(300, Long.parseLong(query.getOrDefault("waitSeconds", "30"))) * 1000;
        String body = null;
        synchronized (this) {
            long deadline = System.currentTimeMillis() + waitMillis;
            while (revision == known && System.currentTimeMillis() < deadline) {
                try {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (revision != known) {
                body = Json.mapper().writeValueAsString(new WatchResult<>(revision, value));
                configurationsSent++;
            }
        }
        if (body == null) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
        } else {
            send(exchange, 200, body);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
