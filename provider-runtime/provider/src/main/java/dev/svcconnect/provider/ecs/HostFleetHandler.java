package dev.svcconnect.provider.ecs;

import dev.svcconnect.model.Json;
import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.ProviderException;
import dev.svcconnect.provider.RequestType;
import dev.svcconnect.provider.SvcConnectApi;
import dev.svcconnect.provider.internal.Properties;
import dev.svcconnect.provider.secrets.ProviderSecrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
 * control plane. On AWS, hosts are the instances of an Auto Scaling group whose user data runs
 * {@code svc-connect agent --cluster CLUSTER --join-token ...}: with a {@code JoinTokenSecret}
 * property (a Secrets Manager secret's ARN), every Create and Update creates a join token of the
 * cluster, valid for {@value #JOIN_TOKEN_DAYS} days, and puts it into that secret for the
 * instances to read.
 */
public final class HostFleetHandler extends EcsResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectHostFleet";

    /** How long the join token put into {@code JoinTokenSecret} is accepted: the longest the control plane allows. */
    public static final int JOIN_TOKEN_DAYS = 30;

    private final Supplier<Optional<SvcConnectApi>> api;
    private final Supplier<ProviderSecrets> secrets;

    /** A handler calling {@code ecs} that cannot fill a {@code JoinTokenSecret}. */
    public HostFleetHandler(EcsClient ecs) {
        this(ecs, Optional::empty, ProviderSecrets::fromEnvironment);
    }

    /**
     * A handler calling {@code ecs}, creating join tokens with {@code api} and putting them into
     * the secrets of {@code secrets}; both are asked for only by a fleet with a {@code JoinTokenSecret}.
     */
    public HostFleetHandler(EcsClient ecs, Supplier<Optional<SvcConnectApi>> api, Supplier<ProviderSecrets> secrets) {
        super(TYPE, ecs);
        this.api = api;
        this.secrets = secrets;
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
        String tokenSecret = properties.string("JoinTokenSecret");
        if (tokenSecret != null) {
            putJoinToken(event, cluster, tokenSecret);
        }
        return new OnEventResult(physicalId(cluster, event.logicalResourceId()), data);
    }

    private void putJoinToken(ProviderEvent event, String cluster, String secretId) {
        SvcConnectApi client = api.get()
                .orElseThrow(() -> new ProviderException(event.resourceName()
                        + ": JoinTokenSecret needs an svc-connect control plane endpoint (the region's Amazon ECS"
                        + " has no join tokens)"));
        String token = client.call(
                        "CreateJoinToken",
                        Json.mapper()
                                .createObjectNode()
                                .put("Cluster", cluster)
                                .put(
                                        "TtlSeconds",
                                        Duration.ofDays(JOIN_TOKEN_DAYS).toSeconds()))
                .path("JoinToken")
                .asText();
        try (ProviderSecrets store = secrets.get()) {
            store.putJoinToken(secretId, token);
        }
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
