package dev.svcconnect.proxy.lb;

import dev.svcconnect.model.proxy.LoadBalancing;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Picks one endpoint among the candidates that may take a request now. */
public interface LoadBalancer {

    /**
     * Picks one of {@code candidates}.
     *
     * @param candidates the endpoints that may take the request; never empty
     */
    Endpoint pick(List<Endpoint> candidates);

    /** Each endpoint in turn (ECS Service Connect's policy). */
    static LoadBalancer roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return candidates -> candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }

    /** The one with fewer requests in flight of two picked at random (power of two choices). */
    static LoadBalancer leastRequest() {
        return candidates -> {
            int size = candidates.size();
            if (size == 1) {
                return candidates.get(0);
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int first = random.nextInt(size);
            int second = random.nextInt(size - 1);
            if (second >= first) {
                second++;
            }
            Endpoint a = candidates.get(first);
            Endpoint b = candidates.get(second);
            return b.activeRequests() < a.activeRequests() ? b : a;
        };
    }

    /** The balancer for a configured policy. */
    static LoadBalancer of(LoadBalancing policy) {
        return policy == LoadBalancing.LEAST_REQUEST ? leastRequest() : roundRobin();
    }
}
