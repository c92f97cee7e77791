package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import software.constructs.Construct;

/**
 * EC2-like capacity of a cluster: a number of hosts, each running a host agent, rendered as
 * {@code Custom::SvcConnectHostFleet} ({@code Cluster}, {@code Count}, {@code Cpu},
 * {@code Memory}). Created with {@link Cluster#addHostFleet}.
 */
public class HostFleet extends Construct {

    private final Number count;

    HostFleet(Construct scope, String id, Cluster cluster, HostFleetProps props) {
        super(scope, id);
        HostFleetProps given = props == null ? HostFleetProps.builder().build() : props;
        this.count = given.getCount() == null ? 1 : Validation.atLeast(given.getCount(), 0, "count");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Cluster", cluster.getClusterName());
        properties.put("Count", count);
        if (given.getCpu() != null) {
            properties.put("Cpu", Validation.atLeast(given.getCpu(), 1, "cpu"));
        }
        if (given.getMemory() != null) {
            properties.put("Memory", Validation.atLeast(given.getMemory(), 1, "memory"));
        }
        StackProvider.of(this).resource(this, "Resource", "Custom::SvcConnectHostFleet", properties);
    }

    /** How many hosts the fleet has: a number, or a token such as {@code param.getValueAsNumber()}. */
    public Number getCount() {
        return count;
    }
}
