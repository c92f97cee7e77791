package dev.svcconnect.proxy.tcp;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.access.TcpAccessGate;
import dev.svcconnect.proxy.internal.ConnectionTracker;
import dev.svcconnect.proxy.internal.IdleTimeout;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.TimeUnit;

/** Assembles a client connection of a TCP listener: idle timeout, tracking, the access gate (inbound), then the relay. */
public final class TcpListenerInitializer extends ChannelInitializer<Channel> {

    private final ListenerState listener;

    public TcpListenerInitializer(ListenerState listener) {
        this.listener = requireNonNull(listener, "listener");
    }

    @Override
    protected void initChannel(Channel ch) {
        int idle = listener.config().idleTimeoutSeconds();
        if (idle > 0) {
            ch.pipeline().addLast(new IdleTimeout(idle, TimeUnit.SECONDS));
        }
        ch.pipeline().addLast(new ConnectionTracker(listener));
        if (listener.isInbound()) {
            ch.pipeline().addLast(new TcpAccessGate(listener));
        }
        ch.pipeline().addLast(new TcpFrontendHandler(listener));
    }
}
