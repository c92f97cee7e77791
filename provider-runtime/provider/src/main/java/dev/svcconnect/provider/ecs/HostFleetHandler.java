package dev.svcconnect.provider.ecs;

import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.ProviderException;
import dev.svcconnect.provider.RequestType;
import dev.svcconnect.provider.internal.Properties;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code Custom::SvcConnectHostFleet}: a number of EC2-like hosts of a given capacity joined to a
 * cluster ({@code Cluster}, {@code Count}, {@code Cpu}, {@code Memory}).
 *
 * <p>The handler checks that the cluster exists and records the desired hosts in the resource
 * itself: the physical id {@code host-fleet/CLUSTER/LOGICAL_ID} names the fleet (a new cluster is
 * a replacement) and the data carry {@code Cluster}, {@code Count}, {@code Cpu} and
 * {@code Memory}. It starts nothing. Locally, the engine reads these values after the handler
 * succeeded and starts (or stops) that many host agents, each registering itself with the
 * control plane. On AWS, hosts are EC2 instances that run {@code svc-connect agent --cluster
 * CLUSTER} (for example from their user data); the fleet only declares how many are wanted.
 */
public final class HostFleetHandler extends EcsResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectHostFleet";

    /** A handler calling {@code ecs}. */
    public HostFleetHandler(EcsClient ecs) {
        super(TYPE, ecs);
    }

    @Override
    public OnEventResult onEvent(ProviderEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            return new OnEventResult(event.physicalResourceId(), Map.of());
        }
        Properties properties = event.properties();
        String cluster = properties.requiredString("Cluster");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Cluster", cluster);
        data.put("Count", nonNegative(properties, "Count", true));
        putIfPresent(data, "Cpu", nonNegative(properties, "Cpu", false));
        putIfPresent(data, "Memory", nonNegative(properties, "Memory", false));
        boolean exists = ecs.describeClusters(b -> b.clusters(cluster)).clusters().stream()
                .anyMatch(c -> !"INACTIVE".equals(c.status()));
        if (!exists) {
            throw new ProviderException(event.resourceName() + ": cluster '" + cluster
                    + "' does not exist; create it before its host fleet");
        }
        return new OnEventResult(physicalId(cluster, event.logicalResourceId()), data);
    }

    @Override
    public IsCompleteResult isComplete(ProviderEvent event) {
        return IsCompleteResult.done();
    }

    /** The physical id of the fleet {@code logicalId} of {@code cluster}. */
    public static String physicalId(String cluster, String logicalId) {
        return "host-fleet/" + cluster + "/" + logicalId;
    }

    private static Integer nonNegative(Properties properties, String name, boolean required) {
        Integer value = properties.integer(name);
        if (value == null && required) {
            throw properties.error(name, "is required");
        }
        if (value != null && value < 0) {
            throw properties.error(name, value + " (expected: 0 or more)");
        }
        return value;
    }

    private static void putIfPresent(Map<String, Object> data, String name, Object value) {
        if (value != null) {
            data.put(name, value);
        }
    }
}
