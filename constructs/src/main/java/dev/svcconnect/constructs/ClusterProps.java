package dev.svcconnect.constructs;

/** Properties of a {@link Cluster}. */
public final class ClusterProps {

    private final String clusterName;
    private final INamespace defaultNamespace;

    private ClusterProps(Builder builder) {
        this.clusterName = builder.clusterName;
        this.defaultNamespace = builder.defaultNamespace;
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
     * The namespace of the cluster's Service Connect services that name none; see also
     * {@link Cluster#addDefaultNamespace}.
     *
     * @default - none: every Service Connect service must name its namespace
     */
    public INamespace getDefaultNamespace() {
        return defaultNamespace;
    }

    /** Builds {@link ClusterProps}. */
    public static final class Builder {
        private String clusterName;
        private INamespace defaultNamespace;

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

        /** The properties. */
        public ClusterProps build() {
            return new ClusterProps(this);
        }
    }
}
