package dev.svcconnect.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.proxy.identity.PeerIdentity;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds an inbound connection back until its mutual TLS handshake has verified the client: the
 * handlers after it see the connection become active only then, with the client's identity in
 * {@link PeerIdentity} (the first SPIFFE ID of its certificate). A failed handshake, or a
 * certificate that names no workload of the mesh, or a resumed session whose client certificate
 * has expired since, closes the connection before the application hears of it. Sits right after the {@link SslHandler} (and the connection's tracking).
 */
public final class InboundMutualTls extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InboundMutualTls.class);

    private final MeshTls tls;

    public InboundMutualTls(MeshTls tls) {
        this.tls = requireNonNull(tls, "tls");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read(); // reads drive the handshake; the rest of the pipeline starts once it has succeeded
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent handshake)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (!handshake.isSuccess()) {
            log.debug("mutual TLS handshake from {} failed: {}", ctx.channel().remoteAddress(), handshake.cause());
            ctx.close();
            return;
        }
        WorkloadIdentity peer;
        try {
            SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
            peer = PeerCertificates.identities(session, tls.trustDomain()).get(0);
            try {
                tls.requireUnexpiredPeer(session);
            } catch (SSLPeerUnverifiedException expired) {
                session.invalidate();
                throw expired;
            }
        } catch (SSLPeerUnverifiedException e) {
            log.debug("refused a client at {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
            return;
        }
        PeerIdentity.set(ctx.channel(), peer);
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
        ctx.fireUserEventTriggered(evt);
    }
}
