package dev.svcconnect.proxy.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/2 (h2c prior knowledge) application on Netty's HTTP/2 codec: answers
 * {@code <name> <method> <path> <body length>} with a configurable status and delay, or
 * {@code N} bytes for {@code /bytes/N}, sends {@code x-trailer: done} as trailers when asked with
 * {@code ?trailers}, and counts the requests it answered.
 */
public final class H2Backend implements AutoCloseable {

    private final String name;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile long delayMillis;
    private volatile int requestsPerConnection = Integer.MAX_VALUE;
    private volatile boolean answerEarly;

    private H2Backend(String name) {
        this.name = name;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new Answerer());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    public static H2Backend start(String name) {
        return new H2Backend(name);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    public int requests() {
        return requests.get();
    }

    public H2Backend status(int status) {
        this.status = status;
        return this;
    }

    public H2Backend delayMillis(long delayMillis) {
        this.delayMillis = delayMillis;
        return this;
    }

    /** After this many requests on a connection, sends GOAWAY (as nginx does after {@code keepalive_requests}). */
    public H2Backend requestsPerConnection(int requests) {
        this.requestsPerConnection = requests;
        return this;
    }

    /**
     * Answers each request right after its headers, and reads no more of its body than the first window (as a
     * 413 or 401 does): a larger upload never ends.
     */
    public H2Backend answerEarly() {
        this.answerEarly = true;
        return this;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One per connection: collects each stream's request, then answers it. */
    private final class Answerer extends ChannelInboundHandlerAdapter {
        private final Map<Http2FrameStream, Http2Headers> heads = new HashMap<>();
        private final Map<Http2FrameStream, Long> bodies = new HashMap<>();
        private int started;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame frame) {
                if (!heads.containsKey(frame.stream()) && ++started == requestsPerConnection) {
                    ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
                }
                heads.putIfAbsent(frame.stream(), frame.headers());
                bodies.putIfAbsent(frame.stream(), 0L);
                if (frame.isEndStream() || answerEarly) {
                    answer(ctx, frame.stream());
                }
            } else if (msg instanceof Http2DataFrame frame) {
                int bytes = frame.content().readableBytes();
                bodies.computeIfPresent(frame.stream(), (stream, length) -> length + bytes);
                if (frame.initialFlowControlledBytes() > 0 && !answerEarly) {
                    ctx.write(new DefaultHttp2WindowUpdateFrame(frame.initialFlowControlledBytes())
                            .stream(frame.stream()));
                }
                if (frame.isEndStream() && heads.containsKey(frame.stream())) {
                    answer(ctx, frame.stream());
                }
                ctx.flush();
            }
            ReferenceCountUtil.release(msg);
        }

        private void answer(ChannelHandlerContext ctx, Http2FrameStream stream) {
            requests.incrementAndGet();
            Http2Headers request = heads.remove(stream);
            long bodyLength = bodies.remove(stream);
            String path = request.path().toString();
            ByteBuf body;
            if (path.startsWith("/bytes/")) {
                body = Unpooled.wrappedBuffer(new byte[Integer.parseInt(path.substring(7))]);
            } else {
                String text =
                        name + " " + request.method() + " " + path.replaceAll("\\?.*", "") + " " + bodyLength + "\n";
                body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            }
            boolean trailers = path.endsWith("?trailers");
            Http2Headers response = new DefaultHttp2Headers()
                    .status(Integer.toString(status))
                    .set("content-type", "text/plain")
                    .set("x-backend", name);
            ctx.executor()
                    .schedule(
                            () -> {
                                ctx.write(new DefaultHttp2HeadersFrame(response).stream(stream));
                                ctx.write(new DefaultHttp2DataFrame(body, !trailers).stream(stream));
                                if (trailers) {
                                    ctx.write(new DefaultHttp2HeadersFrame(
                                                    new DefaultHttp2Headers().set("x-trailer", "done"), true)
                                            .stream(stream));
                                }
                                ctx.flush();
                            },
                            delayMillis,
                            TimeUnit.MILLISECONDS);
        }
    }
}
