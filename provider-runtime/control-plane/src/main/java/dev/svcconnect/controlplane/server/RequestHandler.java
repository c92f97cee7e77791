package dev.svcconnect.controlplane.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.local.LocalStacksApi;
import dev.svcconnect.controlplane.watch.WatchAnswer;
import dev.svcconnect.controlplane.watch.WatchApi;
import dev.svcconnect.model.Json;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request, off the event loop: {@code POST /} to the AWS JSON dispatcher,
 * {@code /watch/v1/...} to the watch API, {@code /local/v1/...} to the local engine's stack
 * records. Logs one line per request: operation, status, time.
 * A connection reads its next request only once the answer to the last one is written, so
 * answers computed on other threads keep their order.
 */
@ChannelHandler.Sharable
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger("dev.svcconnect.controlplane.requests");

    private final AwsJsonDispatcher dispatcher;
    private final WatchApi watchApi;
    private final LocalStacksApi localStacks;
    private final ExecutorService executor;

    RequestHandler(
            AwsJsonDispatcher dispatcher, WatchApi watchApi, LocalStacksApi localStacks, ExecutorService executor) {
        this.dispatcher = dispatcher;
        this.watchApi = watchApi;
        this.localStacks = localStacks;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        byte[] body = ByteBufUtil.getBytes(request.content());
        String method = request.method().name();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        String target = request.headers().get("X-Amz-Target");
        Responder responder = new Responder(ctx, requestId, keepAlive, start);
        ctx.channel().config().setAutoRead(false);
        try {
            if (path.equals("/") && request.method().equals(HttpMethod.POST)) {
                executor.execute(() -> {
                    AwsJsonDispatcher.Answer answer = dispatcher.dispatch(target, body, requestId);
                    responder.send(answer.status(), Responder.AMZ_JSON, answer.body(), answer.operation());
                });
            } else if (path.startsWith("/watch/v1/")) {
                Map<String, String> query = new HashMap<>();
                uri.parameters().forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
                executor.execute(
                        () -> answer(responder, method + " " + path, () -> watchApi.handle(method, path, query, body)));
            } else if (path.startsWith("/local/v1/")) {
                executor.execute(() -> answer(
                        responder,
                        method + " " + path,
                        () -> CompletableFuture.completedFuture(localStacks.handle(method, path, body))));
            } else if (path.equals("/health") && request.method().equals(HttpMethod.GET)) {
                responder.send(
                        200, Responder.JSON, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8), "GET /health");
            } else {
                responder.send(
                        404,
                        Responder.JSON,
                        AwsJsonDispatcher.error(
                                "UnknownOperationException",
                                "No route " + method + " " + path
                                        + ": the AWS API is POST / with X-Amz-Target, the watch API is under /watch/v1/."),
                        method + " " + path);
            }
        } catch (RejectedExecutionException e) {
            responder.send(
                    503,
                    Responder.JSON,
                    AwsJsonDispatcher.error("ServiceUnavailableException", "The control plane is stopping."),
                    method + " " + path);
        }
    }

    private void answer(Responder responder, String name, Supplier<CompletableFuture<WatchAnswer>> route) {
        CompletableFuture<WatchAnswer> answer;
        try {
            answer = route.get();
        } catch (ApiException e) {
            responder.send(e.status(), Responder.JSON, AwsJsonDispatcher.error(e.type(), e.getMessage()), name);
            return;
        } catch (RuntimeException e) {
            LOG.error("{} {}: unexpected failure", name, responder.requestId(), e);
            responder.send(
                    500,
                    Responder.JSON,
                    AwsJsonDispatcher.error(
                            "ServerException", "Internal error; request id " + responder.requestId() + "."),
                    name);
            return;
        }
        responder.onClose(() -> answer.cancel(false));
        answer.whenComplete((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                if (cause instanceof ApiException e) {
                    responder.send(e.status(), Responder.JSON, AwsJsonDispatcher.error(e.type(), e.getMessage()), name);
                } else if (!(cause instanceof java.util.concurrent.CancellationException)) {
                    LOG.error("{} {}: unexpected failure", name, responder.requestId(), cause);
                    responder.send(
                            500,
                            Responder.JSON,
                            AwsJsonDispatcher.error(
                                    "ServerException", "Internal error; request id " + responder.requestId() + "."),
                            name);
                }
                return;
            }
            if (result.body() == null) {
                responder.send(result.status(), Responder.JSON, new byte[0], name);
                return;
            }
            try {
                responder.send(result.status(), Responder.JSON, Json.mapper().writeValueAsBytes(result.body()), name);
            } catch (JsonProcessingException e) {
                LOG.error("{} {}: cannot serialize the answer", name, responder.requestId(), e);
                responder.send(
                        500, Responder.JSON, AwsJsonDispatcher.error("ServerException", "Internal error."), name);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} closed after an error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
