package dev.svcconnect.controlplane.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.logs.LogIngest;
import dev.svcconnect.controlplane.metrics.MetricsIngest;
import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.metrics.PrometheusExport;
import dev.svcconnect.model.Json;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the routes of the console, the metrics and the log tails, ahead of the control plane's
 * other routes (which it passes on untouched): {@code POST /watch/v1/tasks/{taskId}/metrics} and
 * {@code .../logs}, {@code GET /metrics}, {@code GET /console} with its assets, the JSON under
 * {@code /console/api/} and a service's live traffic as server-sent events. Work happens off
 * the event loop.
 */
@ChannelHandler.Sharable
public final class ConsoleHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger("dev.svcconnect.controlplane.requests");

    private static final Pattern SERVICES = Pattern.compile("/console/api/namespaces/([^/]+)/services");
    private static final Pattern TOPOLOGY = Pattern.compile("/console/api/namespaces/([^/]+)/topology");
    private static final Pattern SERVICE =
            Pattern.compile("/console/api/clusters/([^/]+)/services/([^/]+)(/traffic|/events)?");
    private static final Pattern ASSET = Pattern.compile("/console/assets/([a-z0-9-]+\\.(?:css|js|svg))");
    /** The slots of traffic a page shows: five minutes. */
    static final int PAGE_SLOTS = 60;

    private final ConsoleApi api;
    private final MetricsIngest ingest;
    private final LogIngest logs;
    private final PrometheusExport export;
    private final ExecutorService executor;
    private final StaticAssets assets = new StaticAssets();
    private final TrafficEvents events;

    /**
     * @param eventInterval how often a service page's event stream sends the traffic
     */
    public ConsoleHandler(
            ConsoleApi api,
            MetricsIngest ingest,
            LogIngest logs,
            PrometheusExport export,
            ExecutorService executor,
            Duration eventInterval) {
        this.api = requireNonNull(api, "api");
        this.ingest = requireNonNull(ingest, "ingest");
        this.logs = requireNonNull(logs, "logs");
        this.export = requireNonNull(export, "export");
        this.executor = requireNonNull(executor, "executor");
        this.events = new TrafficEvents(executor, eventInterval);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            return false;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        return path.equals("/metrics")
                || path.equals("/console")
                || path.startsWith("/console/")
                || MetricsIngest.PATH.matcher(path).matches()
                || LogIngest.PATH.matcher(path).matches();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        byte[] body = ByteBufUtil.getBytes(request.content());
        ctx.channel().config().setAutoRead(false);
        Matcher m = MetricsIngest.PATH.matcher(path);
        if (m.matches()) {
            String taskId = m.group(1);
            run(ctx, method, HttpMethod.POST, path, () -> {
                ingest.accept(taskId, body);
                return json(200, Json.mapper().createObjectNode());
            });
            return;
        }
        if ((m = LogIngest.PATH.matcher(path)).matches()) {
            String taskId = m.group(1);
            run(ctx, method, HttpMethod.POST, path, () -> {
                logs.accept(taskId, body);
                return json(200, Json.mapper().createObjectNode());
            });
            return;
        }
        if (path.equals("/metrics")) {
            run(ctx, method, HttpMethod.GET, path, () -> response(200, PrometheusExport.CONTENT_TYPE, export.scrape()));
            return;
        }
        if (path.equals("/console") || path.equals("/console/")) {
            run(ctx, method, HttpMethod.GET, path, () -> assets.answer("index.html"));
            return;
        }
        if ((m = ASSET.matcher(path)).matches()) {
            String name = m.group(1);
            run(ctx, method, HttpMethod.GET, path, () -> assets.answer(name));
            return;
        }
        if (path.equals("/console/api/namespaces")) {
            run(ctx, method, HttpMethod.GET, path, () -> json(200, api.namespaces()));
            return;
        }
        if ((m = SERVICES.matcher(path)).matches()) {
            String namespace = m.group(1);
            run(ctx, method, HttpMethod.GET, path, () -> json(200, api.services(namespace)));
            return;
        }
        if ((m = TOPOLOGY.matcher(path)).matches()) {
            String namespace = m.group(1);
            run(ctx, method, HttpMethod.GET, path, () -> json(200, api.topology(namespace)));
            return;
        }
        if ((m = SERVICE.matcher(path)).matches()) {
            String cluster = m.group(1);
            String service = m.group(2);
            String tail = m.group(3);
            if (tail == null) {
                run(ctx, method, HttpMethod.GET, path, () -> json(200, api.service(cluster, service)));
            } else if (tail.equals("/traffic")) {
                run(ctx, method, HttpMethod.GET, path, () -> json(200, api.traffic(cluster, service, slots(uri))));
            } else if (method.equals(HttpMethod.GET)) {
                try {
                    executor.execute(() -> events.stream(ctx, () -> api.traffic(cluster, service, PAGE_SLOTS)));
                } catch (RejectedExecutionException e) {
                    send(ctx, error(503, "ServiceUnavailableException", "The control plane is stopping."));
                }
            } else {
                send(ctx, error(405, "MethodNotAllowedException", path + " takes GET."));
            }
            return;
        }
        send(ctx, error(404, "NotFoundException", "No console route " + method + " " + path + "."));
    }

    private static int slots(QueryStringDecoder uri) {
        List<String> values = uri.parameters().get("slots");
        if (values == null) {
            return PAGE_SLOTS;
        }
        String raw = values.get(values.size() - 1);
        int max = (int) (MetricsWindow.WINDOW.toMillis() / MetricsWindow.RESOLUTION.toMillis());
        try {
            int slots = Integer.parseInt(raw);
            if (slots >= 1 && slots <= max) {
                return slots;
            }
        } catch (NumberFormatException e) {
            // not a number: answered below
        }
        throw new ApiException("InvalidParameterException", "slots: '" + raw + "' (expected: a number 1-" + max + ")");
    }

    private void run(
            ChannelHandlerContext ctx,
            HttpMethod method,
            HttpMethod expected,
            String path,
            Supplier<FullHttpResponse> work) {
        if (!method.equals(expected)) {
            send(ctx, error(405, "MethodNotAllowedException", path + " takes " + expected + "."));
            return;
        }
        try {
            executor.execute(() -> send(ctx, answer(work, path)));
        } catch (RejectedExecutionException e) {
            send(ctx, error(503, "ServiceUnavailableException", "The control plane is stopping."));
        }
    }

    private static FullHttpResponse answer(Supplier<FullHttpResponse> work, String path) {
        try {
            return work.get();
        } catch (ApiException e) {
            return error(e.status(), e.type(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, "InvalidParameterException", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure", path, e);
            return error(500, "ServerException", "Internal error.");
        }
    }

    /** Writes a whole answer, then lets the connection read its next request (keep-alive). */
    static void send(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(f -> {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
    }

    static FullHttpResponse json(int status, ObjectNode body) {
        try {
            return response(status, "application/json", Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static FullHttpResponse error(int status, String type, String message) {
        ObjectNode body = Json.mapper().createObjectNode().put("__type", type).put("message", message);
        return json(status, body);
    }

    static FullHttpResponse response(int status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return response;
    }
}
