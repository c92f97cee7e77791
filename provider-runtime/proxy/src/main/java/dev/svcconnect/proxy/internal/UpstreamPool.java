package dev.svcconnect.proxy.internal;

import dev.svcconnect.proxy.lb.Endpoint;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Upstream lanes for HTTP exchanges, kept per event loop so that a request and its upstream stay
 * on one thread: a pooled HTTP/1.1 keep-alive connection, or a stream of a multiplexed HTTP/2
 * connection. Either way the channel reads and writes {@code HttpObject}s.
 */
public interface UpstreamPool {

    /** A channel to {@code endpoint} on {@code loop}; called on {@code loop}. */
    Future<Channel> acquire(EventLoop loop, Endpoint endpoint);

    /** Gives back a channel after a complete exchange; {@code reusable} is false when it must close. */
    void release(Channel channel, Endpoint endpoint, boolean reusable);

    /** Closes every pooled connection. */
    void close();
}
