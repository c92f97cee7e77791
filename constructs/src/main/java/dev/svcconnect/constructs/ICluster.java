package dev.svcconnect.constructs;

import software.constructs.IConstruct;

/**
 * A cluster (as aws-cdk-lib's {@code ecs.ICluster}): one created by a {@link Cluster}, or an
 * existing one imported with {@link Cluster#fromClusterAttributes} or
 * {@link Cluster#fromClusterArn}. Services run in one.
 */
public interface ICluster extends IConstruct {

    /** The cluster's name. */
    String getClusterName();

    /** The cluster's ARN. */
    String getClusterArn();

    /**
     * The namespace that Service Connect services of the cluster join when they name none.
     *
     * @return the namespace, or {@code null} when there is none
     */
    INamespace getDefaultCloudMapNamespace();
}
