package dev.svcconnect.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.proxy.health.OutlierDetector;
import dev.svcconnect.proxy.health.OutlierPolicy;
import dev.svcconnect.testsupport.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadBalancerTest {

    private final EndpointGroup group = new EndpointGroup(
            "orders", LoadBalancer.roundRobin(), new OutlierDetector(OutlierPolicy.defaults(), new TestClock()));

    @Test
    void roundRobinTakesEachEndpointInTurn() {
        group.update(List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"));

        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picked.add(group.pick(Set.of()).address());
        }

        assertThat(picked)
                .containsExactly(
                        "127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3", "127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3");
    }

    @Test
    void leastRequestPicksTheLessLoadedOfTwo() {
        group.update(List.of("127.0.0.1:1", "127.0.0.1:2"));
        Endpoint busy = group.endpoints().get(0);
        busy.requestStarted();
        group.loadBalancer(LoadBalancer.leastRequest());

        for (int i = 0; i < 20; i++) {
            assertThat(group.pick(Set.of()).address()).isEqualTo("127.0.0.1:2");
        }
    }

    @Test
    void anUpdateKeepsTheEndpointsThatStayAndRetiresTheOthers() {
        group.update(List.of("127.0.0.1:1", "127.0.0.1:2"));
        Endpoint kept = group.endpoints().get(0);
        Endpoint dropped = group.endpoints().get(1);

        group.update(List.of("127.0.0.1:1", "127.0.0.1:3"));

        assertThat(group.endpoints().get(0)).isSameAs(kept);
        assertThat(dropped.isRemoved()).isTrue();
        assertThat(kept.isRemoved()).isFalse();
    }

    @Test
    void aRetryAvoidsTriedEndpointsWhileAnotherIsLeft() {
        group.update(List.of("127.0.0.1:1", "127.0.0.1:2"));
        Endpoint first = group.endpoints().get(0);

        assertThat(group.pick(Set.of(first)).address()).isEqualTo("127.0.0.1:2");
        assertThat(group.hasUntried(Set.copyOf(group.endpoints()))).isFalse();
    }

    @Test
    void noEndpointMeansNoPick() {
        assertThat(group.pick(Set.of())).isNull();
    }
}
