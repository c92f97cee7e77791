package dev.svcconnect.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.model.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A service page's live traffic as server-sent events: one {@code traffic} event at once and then
 * every interval, each the same JSON as {@code .../traffic}, until the client goes away or reads too
 * slowly to follow. At most
 * {@link #MAX_STREAMS} streams at a time: {@link #reserve()} one, then {@link #stream} it.
 */
public final class TrafficEvents {

    /** The most streams open at a time. */
    public static final int MAX_STREAMS = 64;
    /** The slots of traffic a page shows: five minutes. */
    public static final int PAGE_SLOTS = 60;

    private final ExecutorService executor;
    private final Duration interval;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param executor where each event's traffic is computed
     * @param interval how often a stream sends the traffic: 100 ms to 5 s
     */
    public TrafficEvents(ExecutorService executor, Duration interval) {
        if (interval.toMillis() < 100 || interval.toMillis() > 5000) {
            throw new IllegalArgumentException("eventInterval: " + interval + " (expected: 100 ms to 5 s)");
        }
        this.executor = executor;
        this.interval = interval;
    }

    /**
     * Takes one of the {@link #MAX_STREAMS} places; {@link #stream} gives it back when its client goes away.
     *
     * @throws ApiException 503 {@code TooManyStreamsException} when every place is taken
     */
    public void reserve() {
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw new ApiException(
                    "TooManyStreamsException", 503, "At most " + MAX_STREAMS + " live pages at a time; close one.");
        }
    }

    /** Answers a reserved stream on {@code ctx}: {@code first} now, then {@code traffic} every interval. */
    public void stream(ChannelHandlerContext ctx, ObjectNode first, Supplier<ObjectNode> traffic) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.write(head);
        send(ctx, first);
        ScheduledFuture<?> ticks = ctx.executor()
                .scheduleAtFixedRate(
                        () -> {
                            try {
                                executor.execute(() -> {
                                    try {
                                        send(ctx, traffic.get());
                                    } catch (RuntimeException e) {
                                        ctx.close();
                                    }
                                });
                            } catch (RejectedExecutionException e) {
                                // the API is busy or stopping: this tick is skipped, the next one tries again
                            }
                        },
                        interval.toMillis(),
                        interval.toMillis(),
                        TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> {
            ticks.cancel(false);
            open.decrementAndGet();
        });
    }

    /**
     * Writes one event, or drops the reader: a client that has not taken the events already queued
     * beyond the connection's write buffer (64 KiB) is too slow to follow, and queueing more for it
     * would grow without bound.
     */
    private static void send(ChannelHandlerContext ctx, ObjectNode traffic) {
        if (!ctx.channel().isWritable()) {
            ctx.close();
            return;
        }
        String event;
        try {
            event = "event: traffic\ndata: " + Json.mapper().writeValueAsString(traffic) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(event.getBytes(StandardCharsets.UTF_8))));
    }
}
