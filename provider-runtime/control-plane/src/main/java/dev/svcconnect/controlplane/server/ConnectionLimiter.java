package dev.svcconnect.controlplane.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of the listening channel: closes an accepted connection at once, before it has a
 * pipeline, when all clients together or its client address already hold their cap. Refusals are
 * logged at most once per {@link #LOG_INTERVAL_SECONDS}, with their count, so that a flood does not
 * become a flood of log lines.
 */
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    static final long LOG_INTERVAL_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger("control-plane");

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger refusedSinceLog = new AtomicInteger();
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

    ConnectionLimiter(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        InetAddress address = address(child.remoteAddress());
        String refusal = admit(address);
        if (refusal != null) {
            child.unsafe().closeForcibly();
            refused(address, refusal);
            return;
        }
        child.closeFuture().addListener(f -> release(address));
        ctx.fireChannelRead(child);
    }

    /** Counts the connection in; answers why not when a cap is reached. */
    private String admit(InetAddress address) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return "the control plane holds its cap of " + max + " connections";
        }
        int[] held = new int[1];
        perAddress.compute(address, (a, count) -> {
            held[0] = count == null ? 0 : count;
            return held[0] < maxPerAddress ? held[0] + 1 : count;
        });
        if (held[0] >= maxPerAddress) {
            open.decrementAndGet();
            return "the address holds its cap of " + maxPerAddress + " connections";
        }
        return null;
    }

    private void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, count) -> count > 1 ? count - 1 : null);
        open.decrementAndGet();
    }

    private void refused(InetAddress address, String why) {
        int refused = refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS))) {
            refused = refusedSinceLog.getAndSet(0);
            LOG.warn(
                    "refused {} connection(s) in the last {} s; the latest from {}: {}",
                    refused,
                    LOG_INTERVAL_SECONDS,
                    address.getHostAddress(),
                    why);
        }
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet
                ? inet.getAddress()
                : InetAddress.getLoopbackAddress(); // another transport (a test's local channel): one bucket
    }
}
