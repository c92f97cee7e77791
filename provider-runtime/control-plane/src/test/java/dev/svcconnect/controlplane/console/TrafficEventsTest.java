package dev.svcconnect.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A live traffic stream drops a reader that does not keep up instead of queueing events for it. */
class TrafficEventsTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aReaderThatStopsReadingIsDropped() throws Exception {
        TrafficEvents events = new TrafficEvents(executor, Duration.ofMillis(100));
        ObjectNode big = Json.mapper().createObjectNode().put("padding", "x".repeat(32 * 1024));
        CompletableFuture<Channel> stream = new CompletableFuture<>();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, 4096)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                events.reserve();
                                events.stream(ctx, big, () -> big);
                                stream.complete(ctx.channel());
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();

        try (Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect(server.localAddress(), 5000);
            InputStream in = reader.getInputStream();
            assertThat(in.read()).as("the stream started").isNotNegative();

            // 320 KB a second for a reader that takes nothing more: dropped once 64 KiB wait for it
            Channel served = stream.get(10, TimeUnit.SECONDS);
            assertThat(served.closeFuture().await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.close().syncUninterruptibly();
        }
    }
}
