package dev.svcconnect.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.proxy.identity.PeerIdentity;
import dev.svcconnect.proxy.support.OpensslCa;
import dev.svcconnect.testsupport.Programs;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the handlers after {@link InboundMutualTls} see: a connection that becomes active only once
 * the client's certificate verified, with the client's identity in {@link PeerIdentity}. The
 * client is {@code openssl s_client}.
 */
class InboundMutualTlsTest {

    private static final WorkloadIdentity SERVER = WorkloadIdentity.of("svc-connect.local", "ns1", "appserver");
    private static final WorkloadIdentity WEBUI = WorkloadIdentity.of("svc-connect.local", "ns1", "webui");

    @TempDir
    Path directory;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private OpensslCa ca;
    private int port;

    @BeforeEach
    void listen() {
        ca = OpensslCa.create(directory, "test mesh CA");
        MeshTls tls = MeshTls.of(ca.issue(SERVER));
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(tls.newServerHandler(ch.alloc()))
                                .addLast(new InboundMutualTls(tls))
                                .addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        String peer = PeerIdentity.of(ctx.channel())
                                                .map(WorkloadIdentity::uri)
                                                .orElse("none");
                                        seen.add(peer);
                                        ctx.writeAndFlush(Unpooled.copiedBuffer(
                                                        "peer " + peer + "\n", StandardCharsets.US_ASCII))
                                                .addListener(ChannelFutureListener.CLOSE);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterEach
    void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Programs.Result sClient(String options) {
        return Programs.run("sh", "-c", "openssl s_client -quiet -connect 127.0.0.1:" + port + " " + options + " 2>&1");
    }

    @Test
    void theApplicationSideSeesTheVerifiedClientIdentity() throws Exception {
        ca.issue(WEBUI);
        Path[] files = ca.lastFiles();

        Programs.Result client =
                sClient("-cert " + files[0] + " -key " + files[1] + " -CAfile " + ca.certificateFile());

        assertThat(client.out()).contains("peer " + WEBUI.uri());
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(WEBUI.uri());
    }

    @Test
    void aClientWithoutACertificateNeverReachesTheApplicationSide() throws Exception {
        Programs.Result client = sClient("-CAfile " + ca.certificateFile());

        assertThat(client.out()).doesNotContain("peer ");
        assertThat(seen.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aClientWhoseCertificateNamesNoWorkloadIsRefused() throws Exception {
        ca.issue(WorkloadIdentity.of("another.domain", "ns1", "webui"));
        Path[] files = ca.lastFiles();

        Programs.Result client =
                sClient("-cert " + files[0] + " -key " + files[1] + " -CAfile " + ca.certificateFile());

        assertThat(client.out()).doesNotContain("peer ");
        assertThat(seen.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void tls12IsRefused() {
        ca.issue(WEBUI);
        Path[] files = ca.lastFiles();

        Programs.Result client = sClient("-tls1_2 -cert " + files[0] + " -key " + files[1]);

        assertThat(client.out()).doesNotContain("peer ").containsIgnoringCase("alert");
    }
}
