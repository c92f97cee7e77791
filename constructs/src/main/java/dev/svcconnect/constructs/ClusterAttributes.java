package dev.svcconnect.constructs;

import java.util.Objects;

/** What is known of an existing cluster, for {@link Cluster#fromClusterAttributes}. */
public final class ClusterAttributes {

    private final String clusterName;
    private final String clusterArn;
    private final INamespace defaultCloudMapNamespace;

    private ClusterAttributes(Builder builder) {
        this.clusterName = Objects.requireNonNull(builder.clusterName, "clusterName");
        this.clusterArn = builder.clusterArn;
        this.defaultCloudMapNamespace = builder.defaultCloudMapNamespace;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster's name (required). */
    public String getClusterName() {
        return clusterName;
    }

    /**
     * The cluster's ARN.
     *
     * @default - {@code arn:PARTITION:ecs:REGION:ACCOUNT:cluster/NAME} of the stack's account and region
     */
    public String getClusterArn() {
        return clusterArn;
    }

    /**
     * The namespace that Service Connect services join when they name none.
     *
     * @default - none: every Service Connect service in the cluster must name its namespace
     */
    public INamespace getDefaultCloudMapNamespace() {
        return defaultCloudMapNamespace;
    }

    /** Builds {@link ClusterAttributes}. */
    public static final class Builder {
        private String clusterName;
        private String clusterArn;
        private INamespace defaultCloudMapNamespace;

        private Builder() {}

        /** @see ClusterAttributes#getClusterName() */
        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** @see ClusterAttributes#getClusterArn() */
        public Builder clusterArn(String clusterArn) {
            this.clusterArn = clusterArn;
            return this;
        }

        /** @see ClusterAttributes#getDefaultCloudMapNamespace() */
        public Builder defaultCloudMapNamespace(INamespace defaultCloudMapNamespace) {
            this.defaultCloudMapNamespace = defaultCloudMapNamespace;
            return this;
        }

        /** The attributes. */
        public ClusterAttributes build() {
            return new ClusterAttributes(this);
        }
    }
}
