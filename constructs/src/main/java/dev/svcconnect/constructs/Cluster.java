package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Lazy;
import software.constructs.Construct;

/**
 * A cluster of EC2-like and Fargate-like hosts, rendered as {@code Custom::SvcConnectCluster}
 * with the properties of {@code AWS::ECS::Cluster} ({@code ClusterName},
 * {@code ServiceConnectDefaults}).
 *
 * <pre>{@code
 * Cluster cluster = Cluster.Builder.create(stack, "Cluster").clusterName("apps").build();
 * cluster.addDefaultNamespace(NamespaceProps.builder().name("internal").build());
 * cluster.addHostFleet("Hosts", HostFleetProps.builder().count(2).build());
 * }</pre>
 */
public class Cluster extends Construct {

    private final CustomResource resource;
    private INamespace defaultNamespace;

    /** A cluster in {@code scope}. */
    public Cluster(Construct scope, String id, ClusterProps props) {
        super(scope, id);
        ClusterProps given = props == null ? ClusterProps.builder().build() : props;
        Map<String, Object> properties = new LinkedHashMap<>();
        if (given.getClusterName() != null) {
            properties.put("ClusterName", Validation.resourceName(given.getClusterName(), "clusterName"));
        }
        properties.put(
                "ServiceConnectDefaults",
                Lazy.uncachedAny(context ->
                        defaultNamespace == null ? null : Map.of("Namespace", defaultNamespace.getNamespaceName())));
        this.resource = StackProvider.of(this).resource(this, "Resource", "Custom::SvcConnectCluster", properties);
        if (given.getDefaultNamespace() != null) {
            useDefaultNamespace(given.getDefaultNamespace());
        }
    }

    /** A cluster in {@code scope} with a generated name and no default namespace. */
    public Cluster(Construct scope, String id) {
        this(scope, id, null);
    }

    /**
     * Creates a namespace and makes it the cluster's default for Service Connect; only once, and
     * not when {@link ClusterProps#getDefaultNamespace()} was given.
     */
    public Namespace addDefaultNamespace(NamespaceProps props) {
        Objects.requireNonNull(props, "props");
        if (defaultNamespace != null) {
            throw new IllegalArgumentException("Can only add default namespace once.");
        }
        Namespace namespace = new Namespace(this, "DefaultNamespace", props);
        useDefaultNamespace(namespace);
        return namespace;
    }

    /** Adds {@code props.count} EC2-like hosts to the cluster. */
    public HostFleet addHostFleet(String id, HostFleetProps props) {
        return new HostFleet(this, id, this, props);
    }

    /**
     * The namespace of Service Connect services that name none.
     *
     * @return the namespace, or {@code null} when there is none
     */
    public INamespace getDefaultNamespace() {
        return defaultNamespace;
    }

    /** The cluster's name ({@code Ref}). */
    public String getClusterName() {
        return resource.getRef();
    }

    /** The cluster's ARN ({@code Fn::GetAtt Arn}). */
    public String getClusterArn() {
        return resource.getAttString("Arn");
    }

    private void useDefaultNamespace(INamespace namespace) {
        this.defaultNamespace = namespace;
        resource.getNode().addDependency(namespace);
    }

    /** Builds a {@link Cluster}: {@code Cluster.Builder.create(scope, id).clusterName("apps").build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final ClusterProps.Builder props = ClusterProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /** A builder of a cluster {@code id} in {@code scope}. */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see ClusterProps#getClusterName() */
        public Builder clusterName(String clusterName) {
            props.clusterName(clusterName);
            return this;
        }

        /** @see ClusterProps#getDefaultNamespace() */
        public Builder defaultNamespace(INamespace defaultNamespace) {
            props.defaultNamespace(defaultNamespace);
            return this;
        }

        /** The cluster. */
        public Cluster build() {
            return new Cluster(scope, id, props.build());
        }
    }
}
