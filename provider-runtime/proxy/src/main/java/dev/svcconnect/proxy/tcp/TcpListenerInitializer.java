package dev.svcconnect.proxy.tcp;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.access.TcpAccessGate;
import dev.svcconnect.proxy.internal.ClientConnections;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** Assembles a client connection of a TCP listener: idle timeout, mutual TLS when inbound with it, tracking, the access gate (inbound), then the relay. */
public final class TcpListenerInitializer extends ChannelInitializer<Channel> {

    private final ListenerState listener;

    public TcpListenerInitializer(ListenerState listener) {
        this.listener = requireNonNull(listener, "listener");
    }

    @Override
    protected void initChannel(Channel ch) {
        ClientConnections.front(ch, listener);
        if (listener.isInbound()) {
            ch.pipeline().addLast(new TcpAccessGate(listener));
        }
        ch.pipeline().addLast(new TcpFrontendHandler(listener));
    }
}
