package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.watch.WatchEvent;
import dev.svcconnect.controlplane.watch.WatchHub;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one streamed watch on its connection ({@code docs/watch-api.md}, "Streaming"): a
 * {@code 200} head of type {@code application/x-ndjson}, then one line per change, each the JSON of
 * a {@code WatchResult}, and an empty line (a heartbeat) when nothing was written for half the
 * heartbeat interval, at each interval.
 *
 * <p>Bursts coalesce: one line is written at a time, and a change that arrives meanwhile waits as
 * the latest, replacing any that waited before it, so a watcher that reads slowly (or a storm of
 * changes) gets the latest value, not every step. A value that can no longer be computed (its task
 * is gone) ends the stream with an error line, {@code {"__type", "message"}}, and closes the
 * connection. Everything but {@link #changed} and {@link #failed} runs on the connection's event loop.
 */
final class WatchStream implements WatchHub.Listener {

    /** The type of a stream's body: one JSON document per line. */
    static final String CONTENT_TYPE = "application/x-ndjson";

    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);
    private static final byte[] NEWLINE = {'\n'};

    /** Drops what a client sends on a stream's connection, which carries no other request. */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    private static final Discard DISCARD = new Discard();

    private final ChannelHandlerContext ctx;
    private final long heartbeatNanos;
    private WatchEvent pending;
    private boolean writing;
    private boolean ended;
    private long lastWriteNanos;

    private WatchStream(ChannelHandlerContext ctx, Duration heartbeat) {
        this.ctx = ctx;
        this.heartbeatNanos = heartbeat.toNanos();
    }

    /** Starts the stream on {@code ctx}'s connection, subscribed with {@code subscribe} until the connection closes. */
    static void start(
            ChannelHandlerContext ctx, Duration heartbeat, Function<WatchHub.Listener, AutoCloseable> subscribe) {
        WatchStream stream = new WatchStream(ctx, heartbeat);
        ctx.executor().execute(() -> stream.begin(subscribe));
    }

    private void begin(Function<WatchHub.Listener, AutoCloseable> subscribe) {
        if (!ctx.channel().isActive()) {
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        Responder.BROWSER_HEADERS.forEach((name, value) -> head.headers().set(name, value));
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        lastWriteNanos = ctx.executor().ticker().nanoTime();
        // Reading on: a client that closes is noticed at once, not at the next write.
        ctx.pipeline().addBefore(ctx.name(), "watch-stream-discard", DISCARD);
        ctx.channel().config().setAutoRead(true);
        AutoCloseable subscription = subscribe.apply(this);
        var beats =
                ctx.executor().scheduleAtFixedRate(this::beat, heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS);
        ctx.channel().closeFuture().addListener(f -> {
            beats.cancel(false);
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("closing a watch subscription: {}", e.toString());
            }
        });
    }

    @Override
    public void changed(WatchEvent event) {
        onEventLoop(() -> {
            pending = event;
            writeLatest();
        });
    }

    @Override
    public void failed(RuntimeException error) {
        onEventLoop(() -> {
            ended = true;
            pending = null;
            byte[] line = error instanceof ApiException e
                    ? Reply.errorBody(e.type(), e.getMessage())
                    : Reply.errorBody("ServerException", "The watched value could not be computed; watch again.");
            if (!(error instanceof ApiException)) {
                LOG.warn("watch stream ended: {}", error.toString());
            }
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(line, NEWLINE)));
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> ctx.close());
        });
    }

    /** Runs {@code task} on the connection's event loop; once the server stops, its connections go with it. */
    private void onEventLoop(Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("watch stream: the event loop has stopped");
        }
    }

    /** Writes the latest change, unless a line is being written: then it goes once that one is. */
    private void writeLatest() {
        if (ended || writing || pending == null) {
            return;
        }
        byte[] json = pending.json();
        pending = null;
        write(Unpooled.wrappedBuffer(json, NEWLINE));
    }

    private void beat() {
        if (!ended && !writing && ctx.executor().ticker().nanoTime() - lastWriteNanos >= heartbeatNanos / 2) {
            write(Unpooled.wrappedBuffer(NEWLINE));
        }
    }

    private void write(io.netty.buffer.ByteBuf line) {
        writing = true;
        lastWriteNanos = ctx.executor().ticker().nanoTime();
        ctx.writeAndFlush(new DefaultHttpContent(line)).addListener(f -> {
            writing = false;
            if (f.isSuccess()) {
                writeLatest();
            } else {
                ctx.close();
            }
        });
    }
}
