package dev.svcconnect.proxy.access;

import dev.svcconnect.model.access.AccessDecision;
import dev.svcconnect.model.access.AccessPolicy;
import dev.svcconnect.proxy.identity.PeerIdentity;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access policy of an inbound listener applied to its connections: a decision per request (or
 * per TCP connection), counted in {@code RequestCountDenied} when it refuses; and, when a new
 * configuration changes the policy, the closing of open connections whose caller it refuses. A
 * listener without a policy (a static configuration, an outbound listener) allows everyone.
 */
public final class InboundAccess {

    private static final Logger log = LoggerFactory.getLogger(InboundAccess.class);
    private static final AccessDecision NO_POLICY =
            new AccessDecision(true, AccessDecision.UNKNOWN_CALLER, "no policy");

    private InboundAccess() {}

    /** Whether the caller of {@code channel} (a connection or an HTTP/2 stream) may use {@code listener}. */
    public static AccessDecision check(ListenerState listener, Channel channel) {
        AccessPolicy policy = listener.config().access();
        if (policy == null) {
            return NO_POLICY;
        }
        AccessDecision decision = decisionOf(policy, channel);
        if (!decision.allowed()) {
            listener.metrics().requestDenied(decision.caller());
        }
        return decision;
    }

    /**
     * The decision of {@code policy} for the caller of {@code channel}'s connection. A connection's
     * verified caller never changes, so the decision is kept on the connection for as long as the
     * listener keeps this policy: a request on the event loop then neither parses the policy's
     * entries nor builds its reason again.
     */
    private static AccessDecision decisionOf(AccessPolicy policy, Channel channel) {
        Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
        Decided decided = connection.attr(DECIDED).get();
        if (decided != null && decided.policy() == policy) {
            return decided.decision();
        }
        AccessDecision decision = policy.decide(PeerIdentity.of(connection));
        connection.attr(DECIDED).set(new Decided(policy, decision));
        return decision;
    }

    /** A policy's decision for one connection's caller. */
    private record Decided(AccessPolicy policy, AccessDecision decision) {}

    private static final AttributeKey<Decided> DECIDED = AttributeKey.valueOf("svcconnect.accessDecision");

    /**
     * After {@code listener} took a new configuration: when its policy changed from {@code before},
     * closes the open connections whose caller the new policy refuses.
     *
     * @return how many connections were closed
     */
    public static int closeRefused(ListenerState listener, AccessPolicy before) {
        AccessPolicy policy = listener.config().access();
        if (policy == null || Objects.equals(policy, before)) {
            return 0;
        }
        int closed = 0;
        for (Channel connection : listener.connections()) {
            Optional<dev.svcconnect.model.identity.WorkloadIdentity> caller = PeerIdentity.of(connection);
            if (!policy.decide(caller).allowed()) {
                connection.close();
                closed++;
            }
        }
        if (closed > 0) {
            log.info(
                    "listener {}: closed {} connection(s) of callers its new access policy refuses (it allows {})",
                    listener.config().name(),
                    closed,
                    policy.allowed());
        }
        return closed;
    }
}
