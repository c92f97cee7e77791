package dev.svcconnect.controlplane.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the one answer of one request (from any thread), logs it, and lets the connection read the next. */
final class Responder {

    private static final Logger LOG = LoggerFactory.getLogger("dev.svcconnect.controlplane.requests");

    /**
     * Every answer tells a browser: no script, style or image but this server's own, no frames, no
     * sniffing of content types, no referrer. The console loads only its own assets and fetches
     * only its own API.
     */
    static final Map<String, String> BROWSER_HEADERS = Map.of(
            "Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private final ChannelHandlerContext ctx;
    private final String requestId;
    private final boolean keepAlive;
    private final long startNanos;

    Responder(ChannelHandlerContext ctx, String requestId, boolean keepAlive, long startNanos) {
        this.ctx = ctx;
        this.requestId = requestId;
        this.keepAlive = keepAlive;
        this.startNanos = startNanos;
    }

    String requestId() {
        return requestId;
    }

    /** Runs {@code action} when the connection closes (a long-poll whose client went away). */
    void onClose(Runnable action) {
        ctx.channel().closeFuture().addListener(f -> action.run());
    }

    /** Writes {@code reply}; logs it as its operation, or as {@code name}. */
    void send(Reply.Full reply, String name) {
        FullHttpResponse response = response(reply, requestId, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (keepAlive) {
            write.addListener(f -> {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            });
        } else {
            write.addListener(ChannelFutureListener.CLOSE);
        }
        log(reply.operation() != null ? reply.operation() : name, String.valueOf(reply.status()));
    }

    /** Logs the start of a streamed answer, which the route writes itself. */
    void logStream(String name) {
        log(name, "stream");
    }

    private void log(String operation, String outcome) {
        LOG.info(
                "{} {} {}ms {}",
                operation,
                outcome,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                requestId);
    }

    static FullHttpResponse response(Reply.Full reply, String requestId, boolean keepAlive) {
        byte[] body = reply.body();
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (body.length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        reply.headers().forEach((name, value) -> response.headers().set(name, value));
        response.headers().set("x-amzn-RequestId", requestId);
        BROWSER_HEADERS.forEach((name, value) -> response.headers().set(name, value));
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
