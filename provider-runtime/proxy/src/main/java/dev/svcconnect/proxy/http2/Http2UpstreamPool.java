package dev.svcconnect.proxy.http2;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.http.UpstreamHandler;
import dev.svcconnect.proxy.internal.IdleTimeout;
import dev.svcconnect.proxy.internal.Transport;
import dev.svcconnect.proxy.internal.UpstreamPool;
import dev.svcconnect.proxy.lb.Endpoint;
import dev.svcconnect.proxy.tls.Alpn;
import dev.svcconnect.proxy.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Multiplexed HTTP/2 (h2c prior knowledge) connections to endpoints, per event loop: each request
 * is a new stream on a connection that has room for it; a new connection opens only when every
 * connection to that endpoint is at its stream limit or going away (GOAWAY received). The requests written on one event-loop
 * turn go out in one socket write.
 */
public final class Http2UpstreamPool implements UpstreamPool {

    static final int MAX_STREAMS_PER_CONNECTION = 100;
    static final int IDLE_SECONDS = 60;
    static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final AttributeKey<int[]> OPEN_STREAMS = AttributeKey.valueOf("svc-connect.h2.open-streams");

    /** Each upstream stream reads and writes {@code HttpObject}s; its headers were validated on the client side. */
    private static final ChannelInitializer<Http2StreamChannel> STREAM_INITIALIZER = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Http2StreamChannel ch) {
            ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false, false), new UpstreamHandler());
        }
    };

    private final Transport transport;
    private final Map<EventLoop, Map<Endpoint, List<Future<Channel>>>> multiplexed = new ConcurrentHashMap<>();
    private final Map<EventLoop, Map<Endpoint, List<Future<Channel>>>> frames = new ConcurrentHashMap<>();

    public Http2UpstreamPool(Transport transport) {
        this.transport = requireNonNull(transport, "transport");
    }

    @Override
    public Future<Channel> acquire(EventLoop loop, Endpoint endpoint) {
        Future<Channel> chosen = connection(loop, endpoint, multiplexed, false);
        Promise<Channel> stream = loop.newPromise();
        if (chosen.isDone()) {
            openStream(chosen, stream);
        } else {
            chosen.addListener(f -> openStream(chosen, stream));
        }
        return stream;
    }

    /**
     * A connection to {@code endpoint} that carries HTTP/2 frames for clients that speak HTTP/2
     * too (its streams are opened with {@link UpstreamConnectionHandler#open}), with room for one
     * more stream when it completes at once. Called on {@code loop}.
     */
    Future<Channel> acquireFrameConnection(EventLoop loop, Endpoint endpoint) {
        return connection(loop, endpoint, frames, true);
    }

    private Future<Channel> connection(
            EventLoop loop,
            Endpoint endpoint,
            Map<EventLoop, Map<Endpoint, List<Future<Channel>>>> connections,
            boolean frames) {
        List<Future<Channel>> list = connections
                .computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(endpoint, e -> new ArrayList<>(1));
        for (Future<Channel> candidate : list) {
            if (!candidate.isDone() || candidate.isSuccess() && hasRoom(candidate.getNow(), frames)) {
                return candidate;
            }
        }
        Future<Channel> connection = connect(loop, endpoint, list, frames);
        list.add(connection);
        return connection;
    }

    private static boolean hasRoom(Channel connection, boolean frames) {
        if (frames) {
            UpstreamConnectionHandler handler = UpstreamConnectionHandler.of(connection);
            return handler != null && handler.hasRoom(MAX_STREAMS_PER_CONNECTION);
        }
        return hasRoom(connection);
    }

    private static boolean hasRoom(Channel connection) {
        if (!connection.isActive()) {
            return false;
        }
        Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
        int limit = codec == null || codec.connection().goAwayReceived()
                ? 0
                : Math.min(
                        MAX_STREAMS_PER_CONNECTION, codec.connection().local().maxActiveStreams());
        return connection.attr(OPEN_STREAMS).get()[0] < limit;
    }

    private static void openStream(Future<Channel> connection, Promise<Channel> stream) {
        if (!connection.isSuccess()) {
            stream.setFailure(connection.cause());
            return;
        }
        Channel parent = connection.getNow();
        if (!parent.isActive()) {
            stream.setFailure(new IllegalStateException("HTTP/2 connection to upstream closed"));
            return;
        }
        int[] open = parent.attr(OPEN_STREAMS).get();
        open[0]++;
        new Http2StreamChannelBootstrap(parent)
                .option(ChannelOption.AUTO_READ, false)
                .handler(STREAM_INITIALIZER)
                .open()
                .addListener(f -> {
                    if (f.isSuccess()) {
                        Channel child = (Channel) f.getNow();
                        child.closeFuture().addListener(c -> {
                            if (--open[0] == 0 && isGoingAway(parent)) {
                                parent.close();
                            }
                        });
                        stream.setSuccess(child);
                    } else {
                        open[0]--;
                        stream.setFailure(f.cause());
                    }
                });
    }

    private Future<Channel> connect(EventLoop loop, Endpoint endpoint, List<Future<Channel>> list, boolean frames) {
        Promise<Channel> promise = loop.newPromise();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.attr(OPEN_STREAMS).set(new int[1]);
                        ch.pipeline()
                                .addLast(
                                        new IdleTimeout(IDLE_SECONDS, TimeUnit.SECONDS),
                                        Http2Codecs.newClient()
                                                .initialSettings(Http2Settings.defaultSettings()
                                                        .pushEnabled(false))
                                                .build(),
                                        Http2Frontend.flushCoalescer());
                        if (frames) {
                            ch.pipeline().addLast(new UpstreamConnectionHandler());
                        } else {
                            ch.pipeline()
                                    .addLast(new Http2MultiplexHandler(new RejectPushes()), new IdleConnectionCloser());
                        }
                    }
                });
        Future<Channel> connected =
                UpstreamTls.connect(bootstrap, loop, endpoint.socketAddress(), endpoint.tls(), Alpn.H2);
        connected.addListener(f -> {
            if (f.isSuccess()) {
                Channel channel = connected.getNow();
                channel.closeFuture().addListener(c -> list.remove(promise));
                promise.setSuccess(channel);
            } else {
                list.remove(promise);
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }

    @Override
    public void release(Channel channel, Endpoint endpoint, boolean reusable) {
        channel.close();
        if (endpoint.isRemoved()) {
            Channel parent = channel.parent();
            if (parent != null && parent.attr(OPEN_STREAMS).get()[0] <= 1) {
                parent.close();
            }
        }
    }

    @Override
    public void close() {
        close(multiplexed);
        close(frames);
    }

    private static void close(Map<EventLoop, Map<Endpoint, List<Future<Channel>>>> connections) {
        connections.forEach((loop, byEndpoint) -> loop.execute(() -> {
            byEndpoint
                    .values()
                    .forEach(list -> List.copyOf(list).forEach(f -> {
                        if (f.isSuccess()) {
                            f.getNow().close();
                        }
                    }));
            byEndpoint.clear();
        }));
    }

    /** Server push is disabled in our settings; a stream the server opens anyway is closed. */
    private static final class RejectPushes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }

        @Override
        public boolean isSharable() {
            return true;
        }
    }

    private static boolean isGoingAway(Channel connection) {
        Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
        return codec == null || codec.connection().goAwayReceived();
    }

    /**
     * Closes a connection that carried no stream for the idle time, or that the endpoint is
     * closing (GOAWAY) once its last stream ends.
     */
    private static final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof Http2GoAwayFrame
                    && ctx.channel().attr(OPEN_STREAMS).get()[0] == 0) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent
                    && ctx.channel().attr(OPEN_STREAMS).get()[0] == 0) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }
}
