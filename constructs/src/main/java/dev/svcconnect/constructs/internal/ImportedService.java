package dev.svcconnect.constructs.internal;

import dev.svcconnect.constructs.Cluster;
import dev.svcconnect.constructs.ClusterAttributes;
import dev.svcconnect.constructs.IBaseService;
import dev.svcconnect.constructs.ICluster;
import dev.svcconnect.constructs.ServiceAttributes;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * An existing service, known by its attributes or its ARN ({@code ...:service/CLUSTER/NAME}, the
 * only form the control plane and ECS's long ARNs use); it renders nothing.
 */
public final class ImportedService extends Construct implements IBaseService {

    private final ICluster cluster;
    private final String serviceArn;
    private final String serviceName;

    private ImportedService(Construct scope, String id, ICluster cluster, String serviceArn, String serviceName) {
        super(scope, id);
        this.cluster = cluster;
        this.serviceArn = serviceArn;
        this.serviceName = serviceName;
    }

    /** The service of {@code attributes}; a name gives an ARN in the stack's account and region. */
    public static IBaseService of(Construct scope, String id, ServiceAttributes attributes) {
        ICluster cluster = attributes.getCluster();
        if (attributes.getServiceArn() != null) {
            String arn = attributes.getServiceArn();
            requireServiceArn(arn);
            return new ImportedService(scope, id, cluster, arn, Fn.select(2, Fn.split("/", arn)));
        }
        String name = Validation.resourceName(attributes.getServiceName(), "serviceName");
        String arn = Stack.of(scope)
                .formatArn(ArnComponents.builder()
                        .service("ecs")
                        .resource("service")
                        .resourceName(cluster.getClusterName() + "/" + name)
                        .build());
        return new ImportedService(scope, id, cluster, arn, name);
    }

    /** The service of {@code serviceArn}, in the cluster named by the ARN (imported as {@code idCluster}). */
    public static IBaseService fromArn(Construct scope, String id, String serviceArn) {
        requireServiceArn(serviceArn);
        ICluster cluster = Cluster.fromClusterAttributes(
                scope,
                id + "Cluster",
                ClusterAttributes.builder()
                        .clusterName(Fn.select(1, Fn.split("/", serviceArn)))
                        .build());
        return new ImportedService(scope, id, cluster, serviceArn, Fn.select(2, Fn.split("/", serviceArn)));
    }

    private static void requireServiceArn(String serviceArn) {
        if (serviceArn == null || !Token.isUnresolved(serviceArn) && serviceArn.split("/", -1).length != 3) {
            throw new IllegalArgumentException(
                    "serviceArn: " + (serviceArn == null ? "is required" : "'" + serviceArn + "'")
                            + " (expected: arn:PARTITION:ecs:REGION:ACCOUNT:service/CLUSTER/NAME)");
        }
    }

    @Override
    public String getServiceArn() {
        return serviceArn;
    }

    @Override
    public String getServiceName() {
        return serviceName;
    }

    @Override
    public ICluster getCluster() {
        return cluster;
    }
}
