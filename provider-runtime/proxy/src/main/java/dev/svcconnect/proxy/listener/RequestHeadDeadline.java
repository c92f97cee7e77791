package dev.svcconnect.proxy.listener;

import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 client connection's request head must arrive within {@link #TIMEOUT} of its first
 * byte, else the client is answered {@code 408}, the connection closed and the listener's
 * {@code RequestHeadTimeoutCount} counted (a slow-loris client). Once a head has arrived nothing
 * here limits the exchange: streamed bodies, long answers, gRPC and WebSocket go on; an upgraded
 * connection (h2c, WebSocket) drops this handler.
 *
 * <p>Sits after the codec: a read between exchanges that decoded nothing (the codec passes the
 * end of every read) is part of a head and starts the clock; a decoded head stops it. One timer per connection, re-armed for the
 * current deadline when it fires, so that requests schedule no timer of their own.
 */
final class RequestHeadDeadline extends ChannelDuplexHandler {

    static final long TIMEOUT_SECONDS = 10;
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);

    private final ListenerState listener;
    private boolean betweenExchanges = true;
    private boolean requestDone = true;
    private boolean responseDone = true;
    /** Whether the current read gave a message: a read between exchanges that gave none is part of a head. */
    private boolean decoded;
    /** When the current head's first read came, or 0 when no head is on its way. */
    private long headStart;

    private ScheduledFuture<?> timer;
    private ChannelHandlerContext ctx;
    private final Runnable check = this::check;

    RequestHeadDeadline(ListenerState listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        decoded = true;
        if (msg instanceof HttpRequest) {
            betweenExchanges = false;
            requestDone = false;
            responseDone = false;
            headStart = 0;
        }
        if (msg instanceof LastHttpContent) {
            requestDone = true;
            betweenExchanges = responseDone;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (betweenExchanges && headStart == 0 && !decoded) {
            headStart = System.nanoTime();
            if (timer == null) {
                timer = ctx.executor().schedule(check, TIMEOUT, TimeUnit.NANOSECONDS);
            }
        }
        decoded = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response
                && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            ctx.pipeline().remove(this); // a tunnel now: no more heads
        } else if (msg instanceof LastHttpContent
                && !(msg instanceof HttpResponse response
                        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
            responseDone = true;
            betweenExchanges = requestDone;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent) {
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }

    private void check() {
        timer = null;
        if (!betweenExchanges || headStart == 0 || !ctx.channel().isActive()) {
            return;
        }
        long left = headStart + TIMEOUT - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(check, left, TimeUnit.NANOSECONDS);
            return;
        }
        listener.metrics().requestHeadTimedOut();
        byte[] body = ("The request head did not arrive within " + TIMEOUT_SECONDS + " s.\n")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse timeout = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(body));
        timeout.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        betweenExchanges = false;
        ctx.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
    }
}
