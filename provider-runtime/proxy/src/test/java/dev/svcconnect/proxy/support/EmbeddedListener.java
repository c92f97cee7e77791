package dev.svcconnect.proxy.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.health.OutlierDetector;
import dev.svcconnect.proxy.health.OutlierPolicy;
import dev.svcconnect.proxy.http.Http1UpstreamPool;
import dev.svcconnect.proxy.http2.Http2UpstreamPool;
import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.internal.Transport;
import dev.svcconnect.proxy.lb.EndpointGroup;
import dev.svcconnect.proxy.lb.LoadBalancer;
import dev.svcconnect.proxy.listener.HttpListenerInitializer;
import dev.svcconnect.proxy.metrics.ProxyMetrics;
import dev.svcconnect.proxy.retry.RetryBudget;
import dev.svcconnect.proxy.retry.RetryPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.ServerChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.Http2Frame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.io.ByteArrayOutputStream;
import java.time.Clock;

/**
 * One client connection of an HTTP listener, assembled by the listener's own initializer on an
 * {@link EmbeddedChannel}: bytes in, bytes out, on the test's thread. Its upstream pool is the
 * one the proxy gives a listener of that protocol (which decides how HTTP/2 streams are handled:
 * as HTTP/1.1 exchanges, or frame to frame). The listener has no endpoint, so every well-formed
 * request ends in the proxy's local 503; what is exercised is everything before: the HTTP/1.1 and
 * h2c negotiation, the codecs, the exchange handlers and their local answers. {@link #close()} checks what a connection must never do: let an exception
 * reach the end of the pipeline, pass a request or stream message through unhandled, or keep a
 * buffer.
 */
public final class EmbeddedListener implements AutoCloseable {

    private static final Transport TRANSPORT = Transport.create(1);
    /** Never bound: Netty's HTTP/2 handlers tell a server's connection by its parent being a server channel. */
    private static final ServerChannel SERVER = new NioServerSocketChannel();

    private final TrackingAllocator allocator = new TrackingAllocator();
    private final EmbeddedChannel channel;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private EmbeddedListener(Protocol protocol) throws Exception {
        ListenerConfig config = ListenerConfig.builder()
                .name("fuzz")
                .bind("127.0.0.1:1")
                .protocol(protocol)
                .discoveryName("fuzz-svc")
                .idleTimeoutSeconds(0)
                .build();
        Clock clock = Clock.systemUTC();
        ListenerState state = new ListenerState(
                config,
                new EndpointGroup(
                        "fuzz-svc",
                        LoadBalancer.of(config.loadBalancing()),
                        new OutlierDetector(OutlierPolicy.defaults(), clock)),
                RetryPolicy.defaults(),
                RetryBudget.defaults(clock),
                new ProxyMetrics("fuzz", "fuzz").listener(config.direction(), "fuzz-svc"),
                protocol == Protocol.HTTP ? new Http1UpstreamPool(TRANSPORT) : new Http2UpstreamPool(TRANSPORT),
                TRANSPORT,
                null);
        channel = new EmbeddedChannel(SERVER, DefaultChannelId.newInstance(), false, false);
        channel.config().setAllocator(allocator).setAutoRead(false);
        channel.pipeline().addLast(new HttpListenerInitializer(state, 1000));
        channel.register();
    }

    /** A new client connection of a listener of {@code protocol}. */
    public static EmbeddedListener connect(Protocol protocol) throws Exception {
        return new EmbeddedListener(protocol);
    }

    /**
     * Sends {@code bytes} as one read, runs what it scheduled, and checks that no exception reached
     * the end of the pipeline and, while the connection is open, that no request or stream message
     * went through it unhandled. (Once closed, an embedded channel has no handlers left: what its
     * decoder still hands on from the same read reaches the end, where Netty releases it.)
     */
    public void send(byte[] bytes) {
        if (!channel.isOpen()) {
            return;
        }
        ByteBuf buffer = allocator.buffer(bytes.length).writeBytes(bytes);
        channel.writeInbound(buffer);
        channel.runPendingTasks();
        channel.checkException();
        drainOutbound();
        if (channel.isOpen()) {
            assertThat(channel.inboundMessages())
                    .as("messages no handler took (connection-level HTTP/2 frames, which Netty drops, aside)")
                    .allMatch(message -> message instanceof Http2Frame && !(message instanceof Http2StreamFrame));
        }
    }

    /** Everything the proxy wrote to the client so far. */
    public byte[] received() {
        return written.toByteArray();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    private void drainOutbound() {
        Object message;
        while ((message = channel.readOutbound()) != null) {
            assertThat(message).as("what the proxy writes to a client").isInstanceOf(ByteBuf.class);
            ByteBuf buffer = (ByteBuf) message;
            written.writeBytes(ByteBufUtil.getBytes(buffer));
            buffer.release();
        }
    }

    /**
     * The client goes away (the transport closes the channel, as on a reset or an end of stream);
     * then checks that no exception reached the end of the pipeline and every buffer was released.
     */
    @Override
    public void close() {
        channel.unsafe().close(channel.voidPromise());
        channel.runPendingTasks();
        assertThat(channel.isOpen())
                .as("the connection after the client went away")
                .isFalse();
        channel.checkException();
        drainOutbound();
        channel.finishAndReleaseAll();
        assertThat(allocator.unreleased()).as("buffers never released").isEmpty();
    }
}
