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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the one answer of one request (from any thread), logs it, and lets the connection read the next. */
final class Responder {

    static final String AMZ_JSON = "application/x-amz-json-1.1";
    static final String JSON = "application/json";

    private static final Logger LOG = LoggerFactory.getLogger("dev.svcconnect.controlplane.requests");

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

    void send(int status, String contentType, byte[] body, String operation) {
        FullHttpResponse response = response(status, contentType, body, requestId, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (keepAlive) {
            write.addListener(f -> {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            });
        } else {
            write.addListener(ChannelFutureListener.CLOSE);
        }
        LOG.info(
                "{} {} {}ms {}",
                operation,
                status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                requestId);
    }

    static FullHttpResponse response(int status, String contentType, byte[] body, String requestId, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (body.length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().set("x-amzn-RequestId", requestId);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
