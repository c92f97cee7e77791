package dev.svcconnect.proxy.http;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.internal.IdleTimeout;
import dev.svcconnect.proxy.internal.Transport;
import dev.svcconnect.proxy.internal.UpstreamPool;
import dev.svcconnect.proxy.lb.Endpoint;
import dev.svcconnect.proxy.tls.Alpn;
import dev.svcconnect.proxy.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 keep-alive connections to endpoints, pooled per event loop (a connection is only ever
 * touched by its own loop, so the pool needs no lock).
 */
public final class Http1UpstreamPool implements UpstreamPool {

    /** Idle pooled connections kept per endpoint and event loop. */
    static final int MAX_IDLE_PER_ENDPOINT = 256;

    static final int IDLE_SECONDS = 60;
    static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final Transport transport;
    private final Map<EventLoop, Map<Endpoint, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();

    public Http1UpstreamPool(Transport transport) {
        this.transport = requireNonNull(transport, "transport");
    }

    @Override
    public Future<Channel> acquire(EventLoop loop, Endpoint endpoint) {
        ArrayDeque<Channel> queue = queue(loop, endpoint);
        Channel pooled;
        while ((pooled = queue.pollLast()) != null) {
            if (pooled.isActive()) {
                UpstreamHandler.of(pooled).reused(true);
                return loop.newSucceededFuture(pooled);
            }
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channelType())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        UpstreamResponseDecoder decoder = UpstreamResponseDecoder.create(new HttpDecoderConfig()
                                .setMaxInitialLineLength(8192)
                                .setMaxHeaderSize(64 * 1024)
                                .setMaxChunkSize(16 * 1024));
                        ch.pipeline()
                                .addLast(
                                        new IdleTimeout(IDLE_SECONDS, TimeUnit.SECONDS),
                                        new HttpRequestEncoder(),
                                        decoder,
                                        new UpstreamHandler(decoder));
                    }
                });
        return UpstreamTls.connect(bootstrap, loop, endpoint.socketAddress(), endpoint.tls(), Alpn.HTTP_1_1);
    }

    @Override
    public void release(Channel channel, Endpoint endpoint, boolean reusable) {
        if (!reusable || !channel.isActive() || endpoint.isRemoved()) {
            channel.close();
            return;
        }
        ArrayDeque<Channel> queue = queue(channel.eventLoop(), endpoint);
        if (queue.size() >= MAX_IDLE_PER_ENDPOINT) {
            channel.close();
            return;
        }
        queue.addLast(channel);
        channel.read();
    }

    @Override
    public void close() {
        idle.forEach((loop, byEndpoint) -> loop.execute(() -> {
            byEndpoint.values().forEach(queue -> queue.forEach(Channel::close));
            byEndpoint.clear();
        }));
    }

    private ArrayDeque<Channel> queue(EventLoop loop, Endpoint endpoint) {
        return idle.computeIfAbsent(loop, l -> new HashMap<>()).computeIfAbsent(endpoint, e -> new ArrayDeque<>());
    }
}
