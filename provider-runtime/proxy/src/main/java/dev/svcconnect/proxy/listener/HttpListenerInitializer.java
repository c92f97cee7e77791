package dev.svcconnect.proxy.listener;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.internal.ClientConnections;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Assembles a client connection of an HTTP, HTTP/2 or gRPC listener: idle timeout, mutual TLS
 * for an inbound listener that has it, connection tracking, then the negotiation of HTTP/1.1 or h2c (prior knowledge or {@code Upgrade: h2c}).
 */
public final class HttpListenerInitializer extends ChannelInitializer<Channel> {

    private final ListenerState listener;
    private final long drainMillis;

    public HttpListenerInitializer(ListenerState listener, long drainMillis) {
        this.listener = requireNonNull(listener, "listener");
        this.drainMillis = drainMillis;
    }

    @Override
    protected void initChannel(Channel ch) {
        ClientConnections.front(ch, listener);
        ch.pipeline().addLast(new CleartextNegotiator(listener, drainMillis));
    }
}
