package dev.svcconnect.provider.ecs;

import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.ProviderException;
import dev.svcconnect.provider.RequestType;
import dev.svcconnect.provider.internal.PhysicalNames;
import dev.svcconnect.provider.internal.Properties;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterServiceConnectDefaultsRequest;

/**
 * {@code Custom::SvcConnectCluster}, mirroring {@code AWS::ECS::Cluster} ({@code ClusterName},
 * {@code ServiceConnectDefaults.Namespace}): CreateCluster, UpdateCluster and DeleteCluster.
 *
 * <p>The physical id is the cluster's name (generated when {@code ClusterName} is absent), so a
 * new name is a replacement. The data are {@code Arn} and {@code ClusterName}. isComplete waits
 * while the cluster is {@code PROVISIONING}.
 */
public final class ClusterHandler extends EcsResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectCluster";

    private static final int MAX_NAME_LENGTH = 255;

    /** A handler calling {@code ecs}. */
    public ClusterHandler(EcsClient ecs) {
        super(TYPE, ecs);
    }

    @Override
    public OnEventResult onEvent(ProviderEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            return delete(event.physicalResourceId());
        }
        String name = PhysicalNames.effective(event, "ClusterName", MAX_NAME_LENGTH);
        String namespace = defaultNamespace(event.properties());
        if (event.requestType() == RequestType.CREATE || !name.equals(event.physicalResourceId())) {
            ClusterServiceConnectDefaultsRequest defaults = namespace == null
                    ? null
                    : ClusterServiceConnectDefaultsRequest.builder()
                            .namespace(namespace)
                            .build();
            return result(ecs.createCluster(b -> b.clusterName(name).serviceConnectDefaults(defaults))
                    .cluster());
        }
        if (Objects.equals(namespace, defaultNamespace(event.oldProperties()))) {
            return result(describe(name).orElseThrow(() -> gone(event, name)));
        }
        // An empty namespace removes the default, as in ECS.
        ClusterServiceConnectDefaultsRequest defaults = ClusterServiceConnectDefaultsRequest.builder()
                .namespace(namespace == null ? "" : namespace)
                .build();
        return result(ecs.updateCluster(b -> b.cluster(name).serviceConnectDefaults(defaults))
                .cluster());
    }

    @Override
    public IsCompleteResult isComplete(ProviderEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            return IsCompleteResult.done();
        }
        String name = event.physicalResourceId();
        Cluster cluster = describe(name).orElseThrow(() -> gone(event, name));
        String status = cluster.status();
        if ("PROVISIONING".equals(status)) {
            return IsCompleteResult.notYet();
        }
        if (status != null && !"ACTIVE".equals(status)) {
            throw new ProviderException(event.resourceName() + ": cluster '" + name + "' is " + status
                    + " (expected: ACTIVE); attachments: " + cluster.attachmentsStatus());
        }
        return IsCompleteResult.done(result(cluster).data());
    }

    private OnEventResult delete(String name) {
        try {
            ecs.deleteCluster(b -> b.cluster(name));
        } catch (ClusterNotFoundException e) {
            // already gone: a Delete succeeds
        }
        return new OnEventResult(name, Map.of());
    }

    private Optional<Cluster> describe(String name) {
        return ecs.describeClusters(b -> b.clusters(name)).clusters().stream()
                .filter(c -> !"INACTIVE".equals(c.status()))
                .findFirst();
    }

    private static String defaultNamespace(Properties properties) {
        String namespace = properties.object("ServiceConnectDefaults").string("Namespace");
        return namespace == null || namespace.isEmpty() ? null : namespace;
    }

    private static OnEventResult result(Cluster cluster) {
        return new OnEventResult(
                cluster.clusterName(), Map.of("Arn", cluster.clusterArn(), "ClusterName", cluster.clusterName()));
    }

    private static ProviderException gone(ProviderEvent event, String name) {
        return new ProviderException(event.resourceName() + ": cluster '" + name + "' does not exist any more;"
                + " delete the resource from the template and add it again to recreate it");
    }
}
