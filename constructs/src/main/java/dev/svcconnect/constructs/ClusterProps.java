package dev.svcconnect.constructs;

/** Properties of a {@link Cluster}. */
public final class ClusterProps {

    private final String clusterName;
    private final INamespace defaultNamespace;
    private final CloudMapNamespaceOptions defaultCloudMapNamespace;

    private ClusterProps(Builder builder) {
        this.clusterName = builder.clusterName;
        this.defaultNamespace = builder.defaultNamespace;
        this.defaultCloudMapNamespace = builder.defaultCloudMapNamespace;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cluster's name.
     *
     * @default - a name generated from the stack's name and the cluster's logical id
     */
    public String getClusterName() {
        return clusterName;
    }

    /**
     * An existing namespace for the cluster's Service Connect services that name none, also
     * rendered as {@code ServiceConnectDefaults}; see also {@link Cluster#addDefaultNamespace}.
     *
     * @default - none: every Service Connect service must name its namespace
     */
    public INamespace getDefaultNamespace() {
        return defaultNamespace;
    }

    /**
     * A default namespace to create, as aws-cdk-lib's prop of this name; see
     * {@link Cluster#addDefaultCloudMapNamespace}. Not with {@link #getDefaultNamespace()}.
     *
     * @default - none
     */
    public CloudMapNamespaceOptions getDefaultCloudMapNamespace() {
        return defaultCloudMapNamespace;
    }

    /** Builds {@link ClusterProps}. */
    public static final class Builder {
        private String clusterName;
        private INamespace defaultNamespace;
        private CloudMapNamespaceOptions defaultCloudMapNamespace;

        private Builder() {}

        /** @see ClusterProps#getClusterName() */
        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** @see ClusterProps#getDefaultNamespace() */
        public Builder defaultNamespace(INamespace defaultNamespace) {
            this.defaultNamespace = defaultNamespace;
            return this;
        }

        /** @see ClusterProps#getDefaultCloudMapNamespace() */
        public Builder defaultCloudMapNamespace(CloudMapNamespaceOptions defaultCloudMapNamespace) {
            this.defaultCloudMapNamespace = defaultCloudMapNamespace;
            return this;
        }

        /** The properties. */
        public ClusterProps build() {
            return new ClusterProps(this);
        }
    }
}
