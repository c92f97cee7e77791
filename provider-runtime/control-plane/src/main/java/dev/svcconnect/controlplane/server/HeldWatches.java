package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.auth.Authenticator;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the watch requests the server holds (long-polls waiting for a change), per caller and in
 * total, so that no caller can park an unbounded number of them. Who the caller is, is a
 * {@link Caller} function: the access key the watch was authenticated with, or the client address.
 */
final class HeldWatches {

    /** Says who made a request, the unit of the per-caller cap. */
    @FunctionalInterface
    interface Caller {
        String of(RouteRequest request, SocketAddress remote);

        /** The client's IP address. */
        static Caller clientAddress() {
            return (request, remote) -> remote instanceof InetSocketAddress inet
                    ? inet.getAddress().getHostAddress()
                    : String.valueOf(remote);
        }

        /**
         * The access key id of the request's {@code Authorization} header, else the client's IP
         * address. Only a route that has authenticated its caller holds a watch (every watch route
         * checks its bearer key first, {@code watch.WatchAccess}), so the key id is the caller's
         * own; a key's watches count alike from any address.
         */
        static Caller accessKeyOrAddress() {
            Caller address = clientAddress();
            return (request, remote) -> {
                String keyId = Authenticator.claimedKeyId(request.header("Authorization"));
                return keyId == null || keyId.isEmpty() ? address.of(request, remote) : "key " + keyId;
            };
        }
    }

    private final int max;
    private final int maxPerCaller;
    private final Caller caller;
    private final AtomicInteger held = new AtomicInteger();
    private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();

    HeldWatches(int max, int maxPerCaller, Caller caller) {
        this.max = max;
        this.maxPerCaller = maxPerCaller;
        this.caller = requireNonNull(caller, "caller");
    }

    /**
     * Holds one more watch of the request's caller; answers how to give it back.
     *
     * @throws ApiException 429 {@code TooManyRequestsException} naming the cap that is reached
     */
    Runnable hold(RouteRequest request, SocketAddress remote) {
        String who = caller.of(request, remote);
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            throw tooMany("The control plane holds its cap of " + max + " watch requests; retry later.");
        }
        int[] before = new int[1];
        perCaller.compute(who, (k, count) -> {
            before[0] = count == null ? 0 : count;
            return before[0] < maxPerCaller ? before[0] + 1 : count;
        });
        if (before[0] >= maxPerCaller) {
            held.decrementAndGet();
            throw tooMany("At most " + maxPerCaller + " watch requests may wait at a time per caller; " + who
                    + " holds " + before[0] + ".");
        }
        return () -> {
            perCaller.computeIfPresent(who, (k, count) -> count > 1 ? count - 1 : null);
            held.decrementAndGet();
        };
    }

    private static ApiException tooMany(String message) {
        return new ApiException("TooManyRequestsException", 429, message);
    }
}
