package dev.svcconnect.proxy.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires an {@link IdleStateEvent} down a connection that has neither read nor flushed for the
 * timeout (the handlers after it decide whether to close). Cheaper than Netty's
 * {@code IdleStateHandler} on the hot path: an event only stores a timestamp (no listener per
 * write); a timer checks it a few times per timeout, so the event comes between the timeout and a
 * quarter more.
 */
public final class IdleTimeout extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private long lastActivity;
    private ScheduledFuture<?> check;

    public IdleTimeout(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeoutNanos / 4);
        check = ctx.executor()
                .scheduleAtFixedRate(
                        () -> {
                            if (System.nanoTime() - lastActivity >= timeoutNanos) {
                                ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
                            }
                        },
                        period,
                        period,
                        TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        check.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        check.cancel(false);
        super.channelInactive(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime();
        ctx.flush();
    }
}
