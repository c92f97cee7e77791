package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.api.ApiException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one connection: its request head must arrive within the head timeout (from the
 * accept, or from the first byte of a later request), its body at a minimum rate after a grace
 * time, both else {@code 408}; between requests it may stay idle for the idle timeout, then it is
 * closed. While a request is answered (a long-poll may wait minutes) no deadline runs.
 *
 * <p>Two handlers share the state: {@link #bytes()} before the HTTP codec sees that bytes arrived,
 * {@link #messages()} after it sees request heads and bodies and the ends of answers. One timer per
 * connection: when it fires it re-arms itself for the current deadline, so requests do not
 * schedule timers of their own.
 */
final class RequestDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger("dev.svcconnect.controlplane.requests");

    private enum State {
        HEAD,
        BODY,
        ANSWERING,
        IDLE
    }

    private final ServerLimits limits;
    private State state = State.HEAD;
    private long since = System.nanoTime();
    private long bodyBytes;
    private boolean answered;
    private ScheduledFuture<?> timer;
    private long timerAt;
    private ChannelHandlerContext ctx;

    RequestDeadlines(ServerLimits limits) {
        this.limits = limits;
    }

    /** The handler before the codec: a byte after an idle time starts the next head's deadline. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
                    enter(State.HEAD);
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** The handler after the codec: request heads and bodies in, ends of answers out. */
    ChannelDuplexHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                RequestDeadlines.this.ctx = ctx;
                arm(deadline());
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (timer != null) {
                    timer.cancel(false);
                }
                ctx.fireChannelInactive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    answered = false;
                    bodyBytes = 0;
                    enter(State.BODY);
                }
                if (msg instanceof HttpContent content && state == State.BODY) {
                    bodyBytes += content.content().readableBytes();
                    if (msg instanceof LastHttpContent) {
                        enter(answered ? State.IDLE : State.ANSWERING);
                    }
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                boolean informational = msg instanceof HttpResponse response
                        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if ((msg instanceof FullHttpResponse || msg instanceof LastHttpContent) && !informational) {
                    answered = true;
                    if (state == State.ANSWERING) {
                        enter(State.IDLE);
                    }
                }
                ctx.write(msg, promise);
            }
        };
    }

    private void enter(State next) {
        state = next;
        since = System.nanoTime();
        arm(deadline());
    }

    /** When the current state runs out, or {@link Long#MAX_VALUE} when it has no deadline. */
    private long deadline() {
        return switch (state) {
            case HEAD -> since + limits.requestHeadTimeout().toNanos();
            case BODY ->
                since
                        + limits.requestBodyTimeout().toNanos()
                        + TimeUnit.SECONDS.toNanos(1) * bodyBytes / limits.minBodyBytesPerSecond();
            case IDLE -> since + limits.idleTimeout().toNanos();
            case ANSWERING -> Long.MAX_VALUE;
        };
    }

    /** Makes the timer fire by {@code deadline}; a pending timer that fires first re-arms itself. */
    private void arm(long deadline) {
        if (deadline == Long.MAX_VALUE || ctx == null || (timer != null && timerAt - deadline <= 0)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = deadline;
        timer = ctx.executor().schedule(this::check, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        long deadline = deadline();
        if (deadline == Long.MAX_VALUE || !ctx.channel().isActive()) {
            return;
        }
        if (System.nanoTime() - deadline < 0) {
            arm(deadline);
            return;
        }
        switch (state) {
            case HEAD ->
                timeOut("The request head did not arrive within " + seconds(limits.requestHeadTimeout()) + ".");
            case BODY ->
                timeOut("The request body arrived slower than " + limits.minBodyBytesPerSecond()
                        + " bytes a second after its first " + seconds(limits.requestBodyTimeout()) + ".");
            default -> ctx.close();
        }
    }

    private void timeOut(String message) {
        String requestId = UUID.randomUUID().toString();
        Reply.Full timeout = Reply.error(new ApiException("RequestTimeoutException", 408, message));
        state = State.ANSWERING;
        ctx.writeAndFlush(Responder.response(timeout, requestId, false)).addListener(ChannelFutureListener.CLOSE);
        LOG.info("{} 408 from {}: {}", requestId, ctx.channel().remoteAddress(), message);
    }

    private static String seconds(java.time.Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
