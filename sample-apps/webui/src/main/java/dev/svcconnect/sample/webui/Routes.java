package dev.svcconnect.sample.webui;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.svcconnect.sample.common.Lifecycle;
import dev.svcconnect.sample.items.v1.AddItemRequest;
import dev.svcconnect.sample.items.v1.GetInfoRequest;
import dev.svcconnect.sample.items.v1.Info;
import dev.svcconnect.sample.items.v1.ItemsGrpc.ItemsBlockingStub;
import dev.svcconnect.sample.items.v1.ListItemsRequest;
import dev.svcconnect.sample.items.v1.ListItemsResponse;
import dev.svcconnect.sample.webui.page.Pages;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What each path answers: {@code GET /} the items page, {@code POST /items} adds an item then
 * redirects (303) to {@code /}, {@code GET /health} says whether webui is up; anything else is a
 * 404 or 405 page. Failures of appserver become 502 or 503 pages with the reason.
 */
final class Routes implements HttpHandler {

    private static final int LIST_LIMIT = 100;

    private final String taskId;
    private final ManagedChannel channel;
    private final ItemsBlockingStub items;
    private final Duration callTimeout;
    private final InFlight inFlight;

    Routes(String taskId, ManagedChannel channel, ItemsBlockingStub items, Duration callTimeout, InFlight inFlight) {
        this.taskId = requireNonNull(taskId, "taskId");
        this.channel = requireNonNull(channel, "channel");
        this.items = requireNonNull(items, "items");
        this.callTimeout = requireNonNull(callTimeout, "callTimeout");
        this.inFlight = requireNonNull(inFlight, "inFlight");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!inFlight.enter()) {
                exchange.getResponseHeaders().set("Connection", "close");
                sendPage(exchange, new HttpError(503, "Service Unavailable", "webui task " + taskId + " is stopping"));
                return;
            }
            try {
                route(exchange);
            } catch (HttpError error) {
                sendPage(exchange, error);
            } catch (RuntimeException e) {
                Lifecycle.log(
                        "webui",
                        "failed " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": "
                                + Lifecycle.describe(e));
                sendPage(
                        exchange,
                        new HttpError(
                                500,
                                "Internal Server Error",
                                "webui failed: " + e.getClass().getSimpleName()));
            } finally {
                inFlight.exit();
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, HttpError {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/" -> {
                allow(exchange, "GET, HEAD");
                send(exchange, 200, "text/html; charset=utf-8", itemsPage());
            }
            case "/items" -> {
                allow(exchange, "POST");
                addItem(FormBody.read(exchange).getOrDefault("name", ""));
                exchange.getResponseHeaders().set("Location", "/");
                exchange.sendResponseHeaders(303, -1);
            }
            case "/health" -> {
                allow(exchange, "GET, HEAD");
                send(exchange, 200, "text/plain; charset=utf-8", "ok\n");
            }
            default ->
                throw new HttpError(404, "Not Found", "There is no page at " + path + " (method " + method + ")");
        }
    }

    private String itemsPage() throws HttpError {
        try {
            Info info = items().getInfo(GetInfoRequest.getDefaultInstance());
            ListItemsResponse listed = items().listItems(
                            ListItemsRequest.newBuilder().setLimit(LIST_LIMIT).build());
            return Pages.items(taskId, info, listed.getItemsList(), listed.getTotal());
        } catch (StatusRuntimeException e) {
            throw appserverFailed(e);
        }
    }

    private void addItem(String name) throws HttpError {
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw new HttpError(400, "Bad Request", "The item name must not be empty");
        }
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length > Pages.MAX_NAME_LENGTH) {
            throw new HttpError(
                    400,
                    "Bad Request",
                    "The item name is " + length + " characters long (at most " + Pages.MAX_NAME_LENGTH + ")");
        }
        try {
            items().addItem(AddItemRequest.newBuilder().setName(trimmed).build());
        } catch (StatusRuntimeException e) {
            throw appserverFailed(e);
        }
    }

    private ItemsBlockingStub items() {
        return items.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private HttpError appserverFailed(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT -> new HttpError(400, "Bad Request", description);
            case UNAVAILABLE -> {
                channel.resetConnectBackoff();
                yield new HttpError(503, "Service Unavailable", "appserver is unavailable: " + description);
            }
            case PERMISSION_DENIED -> new HttpError(403, "Forbidden", "appserver refused webui: " + description);
            case DEADLINE_EXCEEDED ->
                new HttpError(502, "Bad Gateway", "appserver did not answer within " + callTimeout.toMillis() + " ms");
            default -> new HttpError(502, "Bad Gateway", "appserver failed: " + status.getCode() + ": " + description);
        };
    }

    private static void allow(HttpExchange exchange, String methods) throws HttpError {
        if (!List.of(methods.split(", ")).contains(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", methods);
            throw new HttpError(
                    405,
                    "Method Not Allowed",
                    exchange.getRequestMethod() + " is not allowed here (allowed: " + methods + ")");
        }
    }

    private void sendPage(HttpExchange exchange, HttpError error) throws IOException {
        if (error.status() == 413) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        send(
                exchange,
                error.status(),
                "text/html; charset=utf-8",
                Pages.error(error.status(), error.title(), error.reason()));
    }

    private void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Served-By", taskId);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
