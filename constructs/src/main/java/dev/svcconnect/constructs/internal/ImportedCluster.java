package dev.svcconnect.constructs.internal;

import dev.svcconnect.constructs.ClusterAttributes;
import dev.svcconnect.constructs.ICluster;
import dev.svcconnect.constructs.INamespace;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;

/** An existing cluster, known by its attributes; it renders nothing. */
public final class ImportedCluster extends Construct implements ICluster {

    private final String clusterName;
    private final String clusterArn;
    private final INamespace defaultNamespace;

    /** The cluster of {@code attributes}; its ARN defaults to one in the stack's account and region. */
    public ImportedCluster(Construct scope, String id, ClusterAttributes attributes) {
        super(scope, id);
        this.clusterName = Validation.resourceName(attributes.getClusterName(), "clusterName");
        this.clusterArn = attributes.getClusterArn() != null
                ? attributes.getClusterArn()
                : Stack.of(this)
                        .formatArn(ArnComponents.builder()
                                .service("ecs")
                                .resource("cluster")
                                .resourceName(clusterName)
                                .build());
        this.defaultNamespace = attributes.getDefaultCloudMapNamespace();
    }

    @Override
    public String getClusterName() {
        return clusterName;
    }

    @Override
    public String getClusterArn() {
        return clusterArn;
    }

    @Override
    public INamespace getDefaultCloudMapNamespace() {
        return defaultNamespace;
    }
}
