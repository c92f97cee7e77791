package dev.svcconnect.proxy.tcp;

import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.internal.RelayHandler;
import dev.svcconnect.proxy.lb.Endpoint;
import dev.svcconnect.proxy.tls.Alpn;
import dev.svcconnect.proxy.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Balances a TCP client connection: picks an endpoint, connects (a failure to connect is retried
 * on another endpoint, up to the retry policy's count), then relays bytes both ways with
 * backpressure. With no endpoint to take it the client connection is closed.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {

    static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final ListenerState listener;
    private final Set<Endpoint> tried = new HashSet<>(4);
    private final ArrayDeque<Object> early = new ArrayDeque<>(1);
    private Channel upstream;

    TcpFrontendHandler(ListenerState listener) {
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connect(ctx);
        ctx.fireChannelActive();
    }

    private void connect(ChannelHandlerContext ctx) {
        Endpoint endpoint = listener.endpoints().pick(tried);
        if (endpoint == null || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        tried.add(endpoint);
        endpoint.requestStarted();
        Channel client = ctx.channel();
        Bootstrap bootstrap = new Bootstrap()
                .group(client.eventLoop())
                .channel(listener.transport().channelType())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new RelayHandler(client));
        Future<Channel> connect =
                UpstreamTls.connect(bootstrap, client.eventLoop(), endpoint.socketAddress(), endpoint.tls(), Alpn.NONE);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                listener.endpoints().recordSuccess(endpoint);
                upstream = connect.getNow();
                upstream.closeFuture().addListener(c -> endpoint.requestEnded());
                if (!client.isActive()) {
                    upstream.close();
                    return;
                }
                flushEarly();
                client.read();
                upstream.read();
            } else {
                endpoint.requestEnded();
                listener.endpoints().recordFailure(endpoint);
                if (tried.size() <= listener.retryPolicy().maxRetries()
                        && listener.endpoints().hasUntried(tried)) {
                    connect(ctx);
                } else {
                    ctx.close();
                }
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upstream == null) {
            early.add(msg); // decrypted with the end of a TLS handshake, before the upstream connected
            return;
        }
        upstream.write(msg, upstream.voidPromise());
    }

    private void flushEarly() {
        Object msg;
        while ((msg = early.poll()) != null) {
            upstream.write(msg, upstream.voidPromise());
        }
        upstream.flush();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.flush();
            if (upstream.isWritable()) {
                ctx.read();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null && ctx.channel().isWritable()) {
            upstream.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        if (upstream != null) {
            RelayHandler.closeOnFlush(upstream);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RelayHandler.closeOnFlush(ctx.channel());
    }
}
