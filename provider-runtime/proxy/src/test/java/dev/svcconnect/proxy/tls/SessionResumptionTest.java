package dev.svcconnect.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.proxy.support.OpensslCa;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 session resumption between two proxies: a client resumes its session with a server, and
 * neither end accepts a resumed session once the other's certificate has expired (each end tells
 * the time by its own clock, moved forward here instead of waiting a day).
 */
class SessionResumptionTest {

    private static final WorkloadIdentity SERVER = WorkloadIdentity.of("svc-connect.local", "ns1", "appserver");
    private static final WorkloadIdentity WEBUI = WorkloadIdentity.of("svc-connect.local", "ns1", "webui");

    @TempDir
    Path directory;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** What the server's application side saw of each connection: "resumed" or "full". */
    private final BlockingQueue<String> accepted = new LinkedBlockingQueue<>();

    private MeshCredentials serverCredentials;
    private MeshCredentials clientCredentials;
    private final MovableClock serverClock = new MovableClock();
    private final MovableClock clientClock = new MovableClock();
    private UpstreamTls client;
    private InetSocketAddress address;

    @BeforeEach
    void start() {
        assumeThat(MeshTls.implementation())
                .as("resumption is measured with BoringSSL")
                .startsWith("OpenSSL");
        OpensslCa ca = OpensslCa.create(directory, "test mesh CA");
        serverCredentials = ca.issue(SERVER);
        clientCredentials = ca.issue(WEBUI);
        MeshTls serverTls = MeshTls.of(serverCredentials, serverClock);
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(serverTls.newServerHandler(ch.alloc()))
                                .addLast(new InboundMutualTls(serverTls))
                                .addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        accepted.add(resumed(ctx.channel()) ? "resumed" : "full");
                                        // The session ticket leaves with the server's first bytes.
                                        ctx.writeAndFlush(Unpooled.copiedBuffer("hello\n", StandardCharsets.US_ASCII));
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
        address = (InetSocketAddress) server.localAddress();
        client = new UpstreamTls(MeshTls.of(clientCredentials, clientClock), SERVER);
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aClientResumesItsSessionWithAServer() throws Exception {
        assertThat(resumed(connect().get(5, TimeUnit.SECONDS))).isFalse();
        assertThat(accepted.poll(5, TimeUnit.SECONDS)).isEqualTo("full");

        assertThat(resumed(connect().get(5, TimeUnit.SECONDS))).isTrue();
        assertThat(accepted.poll(5, TimeUnit.SECONDS)).isEqualTo("resumed");
    }

    @Test
    void aServerRefusesAResumedSessionOnceTheClientCertificateHasExpired() throws Exception {
        connect().get(5, TimeUnit.SECONDS);
        assertThat(accepted.poll(5, TimeUnit.SECONDS)).isEqualTo("full");
        serverClock.set(clientCredentials.expiresAt().plusSeconds(1));

        Future<Channel> refused = connect().await();

        assertThat(refused.cause()).as("closed by the server").isInstanceOf(ClosedChannelException.class);
        assertThat(accepted.poll(1, TimeUnit.SECONDS))
                .as("seen by the server's application side")
                .isNull();
    }

    @Test
    void aClientRefusesAResumedSessionOnceTheServerCertificateHasExpiredAndForgetsIt() throws Exception {
        connect().get(5, TimeUnit.SECONDS);
        assertThat(accepted.poll(5, TimeUnit.SECONDS)).isEqualTo("full");
        clientClock.set(serverCredentials.expiresAt().plusSeconds(1));

        Future<Channel> refused = connect().await();

        assertThat(refused.cause())
                .isInstanceOf(SSLPeerUnverifiedException.class)
                .hasMessageContaining("expired at " + serverCredentials.expiresAt());
        assertThat(accepted.poll(5, TimeUnit.SECONDS))
                .as("the server resumed it")
                .isEqualTo("resumed");

        clientClock.set(Instant.now());
        assertThat(resumed(connect().get(5, TimeUnit.SECONDS)))
                .as("the session was forgotten")
                .isFalse();
        assertThat(accepted.poll(5, TimeUnit.SECONDS)).isEqualTo("full");
    }

    /**
     * A connection to the server, complete once the client has verified it and read the server's
     * first bytes (with which the session ticket came); failed with the reason the client refused
     * it, or with {@link ClosedChannelException} when the server closed it first.
     */
    private Future<Channel> connect() {
        Promise<Channel> greeted = group.next().newPromise();
        AtomicBoolean read = new AtomicBoolean();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        read.set(true);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        greeted.tryFailure(new ClosedChannelException());
                    }
                });
        UpstreamTls.connect(bootstrap, group.next(), address, client, Alpn.NONE).addListener(connected -> {
            if (!connected.isSuccess()) {
                greeted.tryFailure(connected.cause());
                return;
            }
            Channel channel = (Channel) connected.getNow();
            channel.eventLoop()
                    .scheduleAtFixedRate(
                            () -> {
                                if (read.get()) {
                                    greeted.trySuccess(channel);
                                }
                            },
                            0,
                            10,
                            TimeUnit.MILLISECONDS);
        });
        return greeted;
    }

    private static boolean resumed(Channel channel) {
        ReferenceCountedOpenSslEngine engine = (ReferenceCountedOpenSslEngine)
                channel.pipeline().get(SslHandler.class).engine();
        return SSL.isSessionReused(engine.sslPointer());
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
