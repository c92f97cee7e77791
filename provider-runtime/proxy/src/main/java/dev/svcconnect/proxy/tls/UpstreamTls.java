package dev.svcconnect.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.identity.WorkloadIdentity;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The mutual TLS of an outbound listener's hops: the mesh's contexts and the identity its
 * endpoints must prove, the SPIFFE ID of the discovery name the listener reaches.
 *
 * <pre>{@code
 * Future<Channel> ready = UpstreamTls.connect(bootstrap, loop, address, tls, Alpn.H2);  // tls may be null
 * }</pre>
 *
 * @param mesh the proxy's TLS contexts
 * @param serverIdentity what the endpoint's certificate must name
 */
public record UpstreamTls(MeshTls mesh, WorkloadIdentity serverIdentity) {

    public UpstreamTls {
        requireNonNull(mesh, "mesh");
        requireNonNull(serverIdentity, "serverIdentity");
    }

    /**
     * Connects {@code bootstrap} to {@code address}; with {@code tls}, puts TLS first in the
     * pipeline and completes only once the handshake succeeded and the server proved {@link
     * #serverIdentity} with a certificate that has not expired, a resumed session's too (else
     * closes the connection and fails). Without it, completes on connect.
     */
    public static Future<Channel> connect(
            Bootstrap bootstrap, EventLoop loop, InetSocketAddress address, UpstreamTls tls, Alpn alpn) {
        Promise<Channel> ready = loop.newPromise();
        if (tls != null) {
            ChannelHandler inner = bootstrap.config().handler();
            bootstrap.handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(tls.mesh().newClientHandler(ch.alloc(), address, alpn), inner);
                }
            });
        }
        ChannelFuture connect = bootstrap.connect(address);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
            } else if (tls == null) {
                ready.trySuccess(connect.channel());
            } else {
                tls.verifyAfterHandshake(connect.channel(), ready);
            }
        });
        return ready;
    }

    private void verifyAfterHandshake(Channel channel, Promise<Channel> ready) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (!channel.config().isAutoRead()) {
            channel.read(); // the handshake needs the server's answer; the TLS layer reads on until it is done
        }
        ssl.handshakeFuture().addListener(h -> {
            if (!h.isSuccess()) {
                channel.close();
                ready.tryFailure(h.cause());
                return;
            }
            SSLSession session = ssl.engine().getSession();
            try {
                List<WorkloadIdentity> names = PeerCertificates.identities(session, serverIdentity.trustDomain());
                if (!names.contains(serverIdentity)) {
                    throw new SSLPeerUnverifiedException(
                            "the upstream " + channel.remoteAddress() + " is " + names + ", not " + serverIdentity);
                }
                mesh.requireUnexpiredPeer(session);
                ready.trySuccess(channel);
            } catch (SSLPeerUnverifiedException e) {
                forgetSessionsWith(session);
                ready.tryFailure(e);
                channel.close();
            }
        });
    }

    /**
     * Drops every cached session with the peer of {@code session} (a server sends more than one
     * ticket), so that the next connection to it makes a full handshake.
     */
    private static void forgetSessionsWith(SSLSession session) {
        session.invalidate();
        SSLSessionContext cache = session.getSessionContext();
        if (cache == null) {
            return;
        }
        for (byte[] id : Collections.list(cache.getIds())) {
            SSLSession cached = cache.getSession(id);
            if (cached != null
                    && Objects.equals(cached.getPeerHost(), session.getPeerHost())
                    && cached.getPeerPort() == session.getPeerPort()) {
                cached.invalidate();
            }
        }
    }
}
