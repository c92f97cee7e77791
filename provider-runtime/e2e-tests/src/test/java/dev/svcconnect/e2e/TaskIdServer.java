package dev.svcconnect.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A task's workload for the tests: an HTTP server on {@code SVC_CONNECT_APP_ADDRESS:PORT} that
 * answers every request with its task id. {@code java dev.svcconnect.e2e.TaskIdServer PORT}.
 */
public final class TaskIdServer {

    private TaskIdServer() {}

    public static void main(String[] args) throws IOException {
        String arn = System.getenv().getOrDefault("ECS_TASK_ARN", "unknown");
        byte[] body = arn.substring(arn.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8);
        String address = System.getenv().getOrDefault("SVC_CONNECT_APP_ADDRESS", "127.0.0.1");
        HttpServer server = HttpServer.create(new InetSocketAddress(address, Integer.parseInt(args[0])), 128);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }
}
