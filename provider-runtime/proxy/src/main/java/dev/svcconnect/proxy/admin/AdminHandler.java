package dev.svcconnect.proxy.admin;

import dev.svcconnect.model.Json;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Answers the admin endpoints: {@code GET /ready}, {@code GET /stats}, {@code GET /metrics} and
 * {@code POST /drain}. A mutation asked with GET gets 405. The read routes are open, as Envoy's
 * admin read routes are; with a drain token, {@code POST /drain} without it gets 403.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminActions actions;
    private final byte[] drainToken;

    /** @param drainToken what {@code POST /drain} must carry as {@code Authorization: Bearer}; null: nothing */
    AdminHandler(AdminActions actions, String drainToken) {
        this.actions = actions;
        this.drainToken = drainToken == null ? null : drainToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        if (request.decoderResult().isFailure()) {
            send(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", "malformed request\n", false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean get =
                request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        boolean post = request.method().equals(HttpMethod.POST);
        switch (path) {
            case "/ready" -> {
                if (!get) {
                    methodNotAllowed(ctx, request, "GET");
                } else if (actions.isReady()) {
                    send(ctx, request, HttpResponseStatus.OK, "text/plain", "LIVE\n", true);
                } else {
                    send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", "DRAINING\n", true);
                }
            }
            case "/stats" -> {
                if (get) {
                    String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actions.stats());
                    send(ctx, request, HttpResponseStatus.OK, "application/json", json + "\n", true);
                } else {
                    methodNotAllowed(ctx, request, "GET");
                }
            }
            case "/metrics", "/stats/prometheus" -> {
                if (get) {
                    send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT, actions.metrics(), true);
                } else {
                    methodNotAllowed(ctx, request, "GET");
                }
            }
            case "/drain" -> {
                if (post && !mayDrain(request)) {
                    send(
                            ctx,
                            request,
                            HttpResponseStatus.FORBIDDEN,
                            "text/plain",
                            "POST /drain: only the host agent may drain this proxy (Authorization: Bearer"
                                    + " with the task's admin token)\n",
                            true);
                } else if (post) {
                    actions.drain();
                    send(ctx, request, HttpResponseStatus.ACCEPTED, "text/plain", "draining\n", true);
                } else {
                    methodNotAllowed(ctx, request, "POST");
                }
            }
            default ->
                send(
                        ctx,
                        request,
                        HttpResponseStatus.NOT_FOUND,
                        "text/plain",
                        "no such admin endpoint: " + path + " (expected: /ready, /stats, /metrics, POST /drain)\n",
                        true);
        }
    }

    /** Whether the request carries the drain token (compared in constant time); always true without one. */
    private boolean mayDrain(FullHttpRequest request) {
        if (drainToken == null) {
            return true;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        String prefix = "Bearer ";
        if (!authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        byte[] given = authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, drainToken);
    }

    private static void methodNotAllowed(ChannelHandlerContext ctx, FullHttpRequest request, String allowed) {
        FullHttpResponse response = response(
                ctx,
                HttpResponseStatus.METHOD_NOT_ALLOWED,
                "text/plain",
                request.method() + " " + request.uri() + ": use " + allowed + "\n");
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        write(ctx, request, response, true);
    }

    private static void send(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            HttpResponseStatus status,
            String contentType,
            String body,
            boolean keepAlive) {
        write(ctx, request, response(ctx, status, contentType, body), keepAlive);
    }

    private static FullHttpResponse response(
            ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, String body) {
        ByteBuf content = ctx.alloc().buffer();
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    private static void write(
            ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response, boolean keepAlive) {
        boolean keep = keepAlive && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keep);
        if (keep) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
