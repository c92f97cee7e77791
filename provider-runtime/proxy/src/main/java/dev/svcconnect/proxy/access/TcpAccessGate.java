package dev.svcconnect.proxy.access;

import dev.svcconnect.model.access.AccessDecision;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Lets a TCP client connection reach the relay only when the listener's access policy allows its
 * caller; a refused connection is closed before the relay connects to the application, so the
 * application never sees it (and a server that speaks first says nothing to it). Behind TLS the
 * caller is known once the handshake completes (the TLS layer sets {@code PeerIdentity} before
 * firing {@link SslHandshakeCompletionEvent}), so the decision waits for that event.
 */
public final class TcpAccessGate extends ChannelInboundHandlerAdapter {

    private final ListenerState listener;
    private boolean awaitingHandshake;

    public TcpAccessGate(ListenerState listener) {
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null && !tls.handshakeFuture().isDone()) {
            awaitingHandshake = true;
            return;
        }
        decide(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ctx.fireUserEventTriggered(evt);
        if (awaitingHandshake && evt instanceof SslHandshakeCompletionEvent handshake) {
            awaitingHandshake = false;
            if (handshake.isSuccess()) {
                decide(ctx);
            } else {
                ctx.close();
            }
        }
    }

    private void decide(ChannelHandlerContext ctx) {
        AccessDecision decision = InboundAccess.check(listener, ctx.channel());
        if (decision.allowed()) {
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        } else {
            ctx.close();
        }
    }
}
