package dev.svcconnect.proxy.internal;

import dev.svcconnect.proxy.tls.InboundMutualTls;
import dev.svcconnect.proxy.tls.MeshTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.TimeUnit;

/**
 * The front of every listener's client connection, whatever its protocol: the idle timeout, then
 * for an inbound listener with mutual TLS the TLS layer, then the connection's tracking (which so
 * counts application bytes), then the wait for a verified client. Protocol handlers go after.
 */
public final class ClientConnections {

    private ClientConnections() {}

    /** Adds the front handlers to a new client connection of {@code listener}. */
    public static void front(Channel ch, ListenerState listener) {
        ChannelPipeline pipeline = ch.pipeline();
        int idle = listener.config().idleTimeoutSeconds();
        if (idle > 0) {
            pipeline.addLast(new IdleTimeout(idle, TimeUnit.SECONDS));
        }
        MeshTls tls = listener.inboundTls();
        if (tls != null) {
            pipeline.addLast(tls.newServerHandler(ch.alloc()));
        }
        pipeline.addLast(new ConnectionTracker(listener));
        if (tls != null) {
            pipeline.addLast(new InboundMutualTls(tls));
        }
    }
}
