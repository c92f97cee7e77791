package dev.svcconnect.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.internal.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;

/**
 * The admin listener: {@code /ready}, {@code /stats}, {@code /metrics}, {@code POST /drain}.
 * Keep it on a loopback address; given a token, {@code /drain} answers only a caller that has it.
 */
public final class AdminServer implements AutoCloseable {

    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds the admin listener; blocks until bound (call it off the event loops).
     *
     * @param drainToken the secret {@code POST /drain} must carry as {@code Authorization: Bearer};
     *     null leaves it open
     */
    public static AdminServer bind(
            Transport transport, InetSocketAddress address, AdminActions actions, String drainToken) {
        requireNonNull(actions, "actions");
        Channel channel;
        try {
            channel = new ServerBootstrap()
                    .group(transport.group())
                    .channel(transport.serverChannelType())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(
                                            new IdleStateHandler(0, 0, 60) {
                                                @Override
                                                protected void channelIdle(
                                                        io.netty.channel.ChannelHandlerContext ctx,
                                                        io.netty.handler.timeout.IdleStateEvent evt) {
                                                    ctx.close();
                                                }
                                            },
                                            new HttpServerCodec(),
                                            new HttpObjectAggregator(64 * 1024),
                                            new AdminHandler(actions, drainToken));
                        }
                    })
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) {
            // Netty rethrows the bind's BindException undeclared: a caller catching
            // RuntimeException would miss it, and leave what it had started running.
            throw new IllegalArgumentException("admin: cannot listen on " + address + ": " + e.getMessage(), e);
        }
        return new AdminServer(channel);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
