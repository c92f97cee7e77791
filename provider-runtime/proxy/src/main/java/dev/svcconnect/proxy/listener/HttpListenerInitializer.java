package dev.svcconnect.proxy.listener;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.internal.ConnectionTracker;
import dev.svcconnect.proxy.internal.IdleTimeout;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.TimeUnit;

/**
 * Assembles a client connection of an HTTP, HTTP/2 or gRPC listener: idle timeout, connection
 * tracking, then the negotiation of HTTP/1.1 or h2c (prior knowledge or {@code Upgrade: h2c}).
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
        int idle = listener.config().idleTimeoutSeconds();
        if (idle > 0) {
            ch.pipeline().addLast(new IdleTimeout(idle, TimeUnit.SECONDS));
        }
        ch.pipeline().addLast(new ConnectionTracker(listener), new CleartextNegotiator(listener, drainMillis));
    }
}
