package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.watch.WatchEvent;
import dev.svcconnect.controlplane.watch.WatchHub;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One streamed watch on its connection, on Netty's embedded channel (its clock moved by the test):
 * a line per change, bursts coalesced to the latest while a line is being written, heartbeats on
 * an idle stream, an error line that ends it, and the subscription closed with the connection.
 */
class WatchStreamTest {

    /** Holds written lines, unwritten (their writes pending), while shut: a client that reads slowly. */
    private static final class Gate extends ChannelDuplexHandler {
        final List<String> written = new ArrayList<>();
        final List<Object> held = new ArrayList<>();
        final List<ChannelPromise> promises = new ArrayList<>();
        boolean shut;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (shut && msg instanceof HttpContent) {
                held.add(msg);
                promises.add(promise);
                return;
            }
            record(msg);
            ctx.write(msg, promise);
        }

        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        /** Lets the held lines through, in order, as a client that reads again. */
        void open(EmbeddedChannel channel) {
            shut = false;
            for (int i = 0; i < held.size(); i++) {
                record(held.get(i));
                ctx.write(held.get(i), promises.get(i));
            }
            held.clear();
            promises.clear();
            ctx.flush();
            channel.runPendingTasks();
        }

        private void record(Object msg) {
            if (msg instanceof HttpResponse response) {
                written.add("HEAD " + response.status().code() + " "
                        + response.headers().get("Content-Type") + " "
                        + response.headers().get("Transfer-Encoding"));
            }
            if (msg instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                written.add((msg instanceof LastHttpContent ? "END " : "")
                        + bytes.toString(bytes.readerIndex(), bytes.readableBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private final Gate gate = new Gate();
    private final AtomicReference<WatchHub.Listener> listener = new AtomicReference<>();
    private final AtomicBoolean unsubscribed = new AtomicBoolean();
    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        ChannelInboundHandlerAdapter routes = new ChannelInboundHandlerAdapter();
        channel = new EmbeddedChannel(gate, routes);
        channel.freezeTime();
        WatchStream.start(channel.pipeline().context(routes), Duration.ofSeconds(10), subscriber -> {
            listener.set(subscriber);
            return () -> unsubscribed.set(true);
        });
        channel.runPendingTasks();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static WatchEvent event(long revision, String value) {
        return new WatchEvent(
                revision,
                value,
                ("{\"revision\":" + revision + ",\"value\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void change(long revision, String value) {
        listener.get().changed(event(revision, value));
        channel.runPendingTasks();
    }

    @Test
    void theHeadSaysNewlineDelimitedJsonAndEachChangeIsALine() {
        change(4, "a");
        change(5, "b");

        assertThat(gate.written)
                .containsExactly(
                        "HEAD 200 application/x-ndjson chunked",
                        "{\"revision\":4,\"value\":\"a\"}\n",
                        "{\"revision\":5,\"value\":\"b\"}\n");
    }

    @Test
    void changesThatArriveWhileALineIsWrittenCoalesceToTheLatest() {
        gate.shut = true;
        change(4, "a");
        change(5, "b");
        change(6, "c");
        change(7, "d");

        gate.open(channel);

        assertThat(gate.written)
                .containsExactly(
                        "HEAD 200 application/x-ndjson chunked",
                        "{\"revision\":4,\"value\":\"a\"}\n",
                        "{\"revision\":7,\"value\":\"d\"}\n");
    }

    @Test
    void anIdleStreamSendsAHeartbeatLineEachIntervalAndABusyOneDoesNot() {
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        channel.advanceTimeBy(7, TimeUnit.SECONDS);
        change(4, "a");
        channel.advanceTimeBy(3, TimeUnit.SECONDS); // the line went 3 s ago: no heartbeat at 20 s
        channel.runScheduledPendingTasks();
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(gate.written)
                .containsExactly(
                        "HEAD 200 application/x-ndjson chunked", "\n", "{\"revision\":4,\"value\":\"a\"}\n", "\n");
    }

    @Test
    void aValueThatCannotBeComputedEndsTheStreamWithAnErrorLineAndClosesIt() {
        listener.get().failed(new ApiException("TaskNotFoundException", 404, "Task 'ab12' does not exist."));
        channel.runPendingTasks();

        assertThat(gate.written)
                .containsExactly(
                        "HEAD 200 application/x-ndjson chunked",
                        "{\"__type\":\"TaskNotFoundException\",\"message\":\"Task 'ab12' does not exist.\"}\n",
                        "END ");
        assertThat(channel.isOpen()).isFalse();
        assertThat(unsubscribed).isTrue();
    }

    @Test
    void aClosedConnectionEndsTheSubscription() {
        channel.close();
        channel.runPendingTasks();

        assertThat(unsubscribed).isTrue();
    }
}
