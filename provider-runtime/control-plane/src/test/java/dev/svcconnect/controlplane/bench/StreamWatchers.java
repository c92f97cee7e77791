package dev.svcconnect.controlplane.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simulated proxies for the fan-out bench: many streamed watches on one Netty event loop, each on
 * a connection of its own (spread over several loopback source addresses, as proxies on several
 * hosts are), each noting the revision of every line it gets and when the first line of a newer
 * revision arrived.
 */
final class StreamWatchers implements AutoCloseable {

    /** One watcher: its request and what it got. */
    static final class Watcher {
        final String path;
        final String authorization;
        volatile int status;
        volatile int retries;
        volatile long revision = -1;
        volatile long arrivedNanos;
        volatile long lines;
        volatile long heartbeats;
        volatile long bytes;

        Watcher(String path, String authorization) {
            this.path = path;
            this.authorization = authorization;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();

    /** Opens one stream per watcher against {@code host:port}, from {@code sources} loopback addresses in turn. */
    void open(String host, int port, List<Watcher> watchers, int sources) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
        int i = 0;
        for (Watcher watcher : watchers) {
            InetSocketAddress source = new InetSocketAddress("127.0.1." + (1 + i++ % sources), 0);
            Channel channel = bootstrap
                    .clone()
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new Lines(watcher, host + ":" + port));
                        }
                    })
                    .connect(new InetSocketAddress(host, port), source)
                    .sync()
                    .channel();
            channels.add(channel);
        }
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Sends the watch request, then splits the streamed body into lines. */
    private static final class Lines extends SimpleChannelInboundHandler<HttpObject> {
        private final Watcher watcher;
        private final String host;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(Watcher watcher, String host) {
            this.watcher = watcher;
            this.host = host;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, watcher.path);
            request.headers().set(HttpHeaderNames.HOST, host);
            request.headers().set(HttpHeaderNames.AUTHORIZATION, watcher.authorization);
            ctx.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                watcher.status = response.status().code();
            }
            if (watcher.status == 429 || watcher.status == 503) {
                // A busy control plane says when to come back (Retry-After: 1), as a sidecar does.
                if (msg instanceof LastHttpContent) {
                    watcher.retries++;
                    ctx.executor().schedule(() -> send(ctx), 1, TimeUnit.SECONDS);
                }
                return;
            }
            if (msg instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                watcher.bytes += bytes.readableBytes();
                while (bytes.isReadable()) {
                    byte b = bytes.readByte();
                    if (b == '\n') {
                        ended(line.toByteArray());
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
        }

        /** A line {@code {"revision":R,...}}: the revision is its first field. */
        private void ended(byte[] text) {
            if (text.length == 0) {
                watcher.heartbeats++;
                return;
            }
            watcher.lines++;
            String prefix = "{\"revision\":";
            long revision = 0;
            for (int i = prefix.length(); i < text.length && Character.isDigit(text[i]); i++) {
                revision = revision * 10 + (text[i] - '0');
            }
            if (revision > watcher.revision) {
                watcher.arrivedNanos = System.nanoTime();
                watcher.revision = revision;
            }
        }
    }
}
