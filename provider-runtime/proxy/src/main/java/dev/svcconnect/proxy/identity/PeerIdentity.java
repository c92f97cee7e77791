package dev.svcconnect.proxy.identity;

import dev.svcconnect.model.identity.WorkloadIdentity;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;

/**
 * Where an inbound connection keeps the verified identity of the proxy at its other end. The TLS
 * layer sets it after the handshake; HTTP/2 streams are child channels, so a lookup walks up to the
 * connection. A connection without it (plaintext, or a namespace that opted out of mutual TLS) has
 * no known caller.
 */
public final class PeerIdentity {

    private static final AttributeKey<WorkloadIdentity> KEY = AttributeKey.valueOf("svcconnect.peerIdentity");

    private PeerIdentity() {}

    /** Records the verified identity of the peer of {@code connection}. */
    public static void set(Channel connection, WorkloadIdentity identity) {
        connection.attr(KEY).set(identity);
    }

    /** The verified identity of the peer of {@code channel}'s connection, if one was verified. */
    public static Optional<WorkloadIdentity> of(Channel channel) {
        for (Channel c = channel; c != null; c = c.parent()) {
            WorkloadIdentity identity = c.attr(KEY).get();
            if (identity != null) {
                return Optional.of(identity);
            }
        }
        return Optional.empty();
    }
}
