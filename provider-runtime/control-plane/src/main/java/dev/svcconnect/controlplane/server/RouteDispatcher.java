package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.store.StoreException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to its route of the {@link RouteTable} and runs the route off the event loop
 * (an inline route, such as {@code GET /health}, on it); answers 404 and 405 itself. Logs one line per request: operation, status, time. A connection
 * reads its next request only once the answer to the last one is written, so answers computed on
 * other threads keep their order.
 */
@ChannelHandler.Sharable
final class RouteDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger("dev.svcconnect.controlplane.requests");

    private final RouteTable table;
    private final ExecutorService executor;
    private final HeldWatches watches;
    private final RequestGuard guard;

    RouteDispatcher(RouteTable table, ExecutorService executor, HeldWatches watches, RequestGuard guard) {
        this.table = requireNonNull(table, "table");
        this.executor = requireNonNull(executor, "executor");
        this.watches = requireNonNull(watches, "watches");
        this.guard = requireNonNull(guard, "guard");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = UUID.randomUUID().toString();
        Responder responder = new Responder(ctx, requestId, HttpUtil.isKeepAlive(request), System.nanoTime());
        String method = request.method().name();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        String name = method + " " + path;
        ctx.channel().config().setAutoRead(false);
        RouteTable.Match match = table.match(method, path);
        Optional<ApiException> refusal = guard.refusal(request, match.group());
        if (refusal.isPresent()) {
            responder.send(Reply.error(refusal.get()), name);
            return;
        }
        if (match instanceof RouteTable.NotFound notFound) {
            responder.send(Reply.error(notFound.group().notFound().of(method, path)), name);
            return;
        }
        if (match instanceof RouteTable.WrongMethod wrong) {
            ApiException error = wrong.group().methodNotAllowed().of(method, path, wrong.allowed());
            responder.send(Reply.error(error).withHeader("Allow", String.join(", ", wrong.allowed())), name);
            return;
        }
        RouteTable.Found found = (RouteTable.Found) match;
        RouteRequest routed = new RouteRequest(
                method,
                path,
                found.parameters(),
                lastValues(uri),
                headers(request),
                ByteBufUtil.getBytes(request.content()),
                requestId,
                request.uri());
        if (found.route().inline()) {
            deliver(ctx, responder, name, answer(found.route(), routed, responder), routed);
            return;
        }
        try {
            executor.execute(() -> deliver(ctx, responder, name, answer(found.route(), routed, responder), routed));
        } catch (RejectedExecutionException e) {
            responder.send(executor.isShutdown() ? STOPPING : busy(method, path), name);
        }
    }

    private static final Reply.Full STOPPING =
            Reply.error(new ApiException("ServiceUnavailableException", 503, "The control plane is stopping."));

    /**
     * The answer when the API queue is full: to an AWS call, AWS's {@code ThrottlingException} (400),
     * which the AWS SDKs and CLI retry with backoff; to the other routes, 429. Both say when to retry.
     */
    private static Reply.Full busy(String method, String path) {
        ApiException busy = "POST".equals(method) && "/".equals(path)
                ? new ApiException("ThrottlingException", 400, "Rate exceeded.")
                : new ApiException("TooManyRequestsException", 429, "The control plane is busy; retry in a second.");
        return Reply.error(busy).withHeader("Retry-After", "1");
    }

    private static Reply answer(Route route, RouteRequest request, Responder responder) {
        try {
            return route.handler().handle(request);
        } catch (RuntimeException e) {
            return failure(e, route.toString(), responder);
        }
    }

    private void deliver(
            ChannelHandlerContext ctx, Responder responder, String name, Reply reply, RouteRequest request) {
        if (reply instanceof Reply.Full full) {
            responder.send(full, name);
        } else if (reply instanceof Reply.Stream stream) {
            if (stream.held()) {
                Runnable release;
                try {
                    release = watches.hold(request, ctx.channel().remoteAddress());
                } catch (ApiException e) {
                    responder.send(Reply.error(e).withHeader("Retry-After", "1"), name);
                    return;
                }
                responder.onClose(release);
            }
            responder.logStream(name);
            stream.start().accept(ctx);
        } else if (reply instanceof Reply.Later later) {
            if (!later.answer().isDone()) {
                Runnable release;
                try {
                    release = watches.hold(request, ctx.channel().remoteAddress());
                } catch (ApiException e) {
                    later.answer().cancel(false);
                    responder.send(Reply.error(e).withHeader("Retry-After", "1"), name);
                    return;
                }
                later.answer().whenComplete((result, error) -> release.run());
                responder.onClose(() -> later.answer().cancel(false));
            }
            later.answer().whenComplete((result, error) -> {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof CancellationException) {
                    return;
                }
                deliver(ctx, responder, name, cause == null ? result : failure(cause, name, responder), request);
            });
        }
    }

    /**
     * The answer to a route that failed: its own error, 400 for an invalid value, 503 when the store
     * failed (it comes back by itself, as for the AWS API), else 500.
     */
    private static Reply failure(Throwable cause, String name, Responder responder) {
        if (cause instanceof ApiException e) {
            return Reply.error(e);
        }
        if (cause instanceof IllegalArgumentException e) {
            return Reply.error(new ApiException("InvalidParameterException", e.getMessage()));
        }
        if (cause instanceof StoreException e) {
            LOG.warn("{} {}: the store failed: {}", name, responder.requestId(), e.getMessage());
            return Reply.error(new ApiException(
                    "ServerException", 503, "The store failed; request id " + responder.requestId() + "."));
        }
        LOG.error("{} {}: unexpected failure", name, responder.requestId(), cause);
        return Reply.error(
                new ApiException("ServerException", 500, "Internal error; request id " + responder.requestId() + "."));
    }

    private static Map<String, String> lastValues(QueryStringDecoder uri) {
        Map<String, String> query = new HashMap<>();
        uri.parameters().forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        return query;
    }

    /** Every value of each header (a SigV4 signature covers repeated ones), by lower-case name. */
    private static Map<String, List<String>> headers(FullHttpRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        request.headers()
                .forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .add(h.getValue()));
        return headers;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} closed after an error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
