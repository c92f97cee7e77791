package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.ImportedCluster;
import dev.svcconnect.constructs.internal.Rendering;
import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.ITaggable;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TagManager;
import software.amazon.awscdk.TagType;
import software.amazon.awscdk.services.servicediscovery.NamespaceType;
import software.constructs.Construct;

/**
 * A cluster of EC2-like and Fargate-like hosts, rendered as {@code Custom::SvcConnectCluster}
 * with the properties of {@code AWS::ECS::Cluster} ({@code ClusterName},
 * {@code ServiceConnectDefaults}, {@code Tags} from {@code Tags.of(...)}).
 *
 * <pre>{@code
 * Cluster cluster = Cluster.Builder.create(stack, "Cluster").clusterName("apps").build();
 * cluster.addDefaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
 *         .name("internal").useForServiceConnect(true).build());
 * cluster.addHostFleet("Hosts", HostFleetProps.builder().count(2).build());
 * }</pre>
 */
public class Cluster extends Construct implements ICluster, ITaggable {

    private static final String TYPE = "Custom::SvcConnectCluster";

    private final TagManager tags = new TagManager(TagType.STANDARD, TYPE);
    private final CustomResource resource;
    private INamespace defaultNamespace;
    private boolean defaultForServiceConnect;
    private boolean hasHostFleet;

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
                Lazy.uncachedAny(context -> defaultNamespace == null || !defaultForServiceConnect
                        ? null
                        : Map.of("Namespace", defaultNamespace.getNamespaceName())));
        properties.put("Tags", Lazy.uncachedAny(context -> Rendering.tags(tags)));
        this.resource = StackProvider.of(this).resource(this, "Resource", TYPE, properties);
        if (given.getDefaultNamespace() != null && given.getDefaultCloudMapNamespace() != null) {
            throw new IllegalArgumentException(
                    "defaultCloudMapNamespace: cannot be given with defaultNamespace" + " (expected: one of them)");
        }
        if (given.getDefaultNamespace() != null) {
            useDefaultNamespace(given.getDefaultNamespace(), true);
        }
        if (given.getDefaultCloudMapNamespace() != null) {
            addDefaultCloudMapNamespace(given.getDefaultCloudMapNamespace());
        }
    }

    /** A cluster in {@code scope} with a generated name and no default namespace. */
    public Cluster(Construct scope, String id) {
        this(scope, id, null);
    }

    /**
     * An existing cluster, created elsewhere (as aws-cdk-lib's
     * {@code Cluster.fromClusterAttributes}); it renders nothing.
     */
    public static ICluster fromClusterAttributes(Construct scope, String id, ClusterAttributes attributes) {
        return new ImportedCluster(scope, id, Objects.requireNonNull(attributes, "attributes"));
    }

    /**
     * An existing cluster known by its ARN ({@code arn:...:ecs:REGION:ACCOUNT:cluster/NAME}), its
     * name taken from the ARN (a token ARN is split at deploy time).
     */
    public static ICluster fromClusterArn(Construct scope, String id, String clusterArn) {
        Objects.requireNonNull(clusterArn, "clusterArn");
        String name = Stack.of(scope)
                .splitArn(clusterArn, ArnFormat.SLASH_RESOURCE_NAME)
                .getResourceName();
        return fromClusterAttributes(
                scope,
                id,
                ClusterAttributes.builder()
                        .clusterName(name)
                        .clusterArn(clusterArn)
                        .build());
    }

    /**
     * Creates a namespace and makes it the cluster's default for Service Connect, rendered as
     * {@code ServiceConnectDefaults}; only once. The same as {@link #addDefaultCloudMapNamespace}
     * with {@code useForServiceConnect(true)}.
     */
    public Namespace addDefaultNamespace(NamespaceProps props) {
        Objects.requireNonNull(props, "props");
        requireNoDefaultNamespace();
        Namespace namespace = new Namespace(this, "DefaultNamespace", props);
        useDefaultNamespace(namespace, true);
        return namespace;
    }

    /**
     * Creates the cluster's default namespace, as aws-cdk-lib does: services that name no
     * namespace join it; with {@code useForServiceConnect} it is also rendered as
     * {@code ServiceConnectDefaults}. Only once.
     */
    public INamespace addDefaultCloudMapNamespace(CloudMapNamespaceOptions options) {
        Objects.requireNonNull(options, "options");
        requireNoDefaultNamespace();
        Namespace namespace = new Namespace(
                this,
                "DefaultServiceDiscoveryNamespace",
                NamespaceProps.builder().name(options.getName()).build());
        if (options.getType() != null && options.getType() != NamespaceType.HTTP) {
            Annotations.of(this)
                    .addWarningV2(
                            "@svc-connect/constructs:httpNamespaceOnly",
                            "defaultCloudMapNamespace.type: " + options.getType() + " is rendered as an HTTP"
                                    + " namespace (svc-connect namespaces are HTTP namespaces: Service Connect needs"
                                    + " no DNS zone)");
        }
        if (options.getVpc() != null) {
            Annotations.of(this)
                    .addWarningV2(
                            "@svc-connect/constructs:namespaceVpcIgnored",
                            "defaultCloudMapNamespace.vpc is ignored: an HTTP namespace belongs to no VPC");
        }
        useDefaultNamespace(namespace, Boolean.TRUE.equals(options.getUseForServiceConnect()));
        return namespace;
    }

    /** Adds {@code props.count} EC2-like hosts to the cluster. */
    public HostFleet addHostFleet(String id, HostFleetProps props) {
        hasHostFleet = true;
        return new HostFleet(this, id, this, props);
    }

    /**
     * The namespace of Service Connect services that name none; the same as
     * {@link #getDefaultCloudMapNamespace()}.
     *
     * @return the namespace, or {@code null} when there is none
     */
    public INamespace getDefaultNamespace() {
        return defaultNamespace;
    }

    @Override
    public INamespace getDefaultCloudMapNamespace() {
        return defaultNamespace;
    }

    /** Whether a host fleet was added, so that EC2 services have hosts to run on. */
    public boolean hasHostFleet() {
        return hasHostFleet;
    }

    /** The cluster's name ({@code Ref}). */
    @Override
    public String getClusterName() {
        return resource.getRef();
    }

    /** The cluster's ARN ({@code Fn::GetAtt Arn}). */
    @Override
    public String getClusterArn() {
        return resource.getAttString("Arn");
    }

    /** The tags of the cluster, rendered as {@code Tags} ({@code [{Key, Value}]}); add with {@code Tags.of(...)}. */
    @Override
    public TagManager getTags() {
        return tags;
    }

    private void requireNoDefaultNamespace() {
        if (defaultNamespace != null) {
            throw new IllegalArgumentException("Can only add default namespace once.");
        }
    }

    private void useDefaultNamespace(INamespace namespace, boolean forServiceConnect) {
        this.defaultNamespace = namespace;
        this.defaultForServiceConnect = forServiceConnect;
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

        /** @see ClusterProps#getDefaultCloudMapNamespace() */
        public Builder defaultCloudMapNamespace(CloudMapNamespaceOptions defaultCloudMapNamespace) {
            props.defaultCloudMapNamespace(defaultCloudMapNamespace);
            return this;
        }

        /** The cluster. */
        public Cluster build() {
            return new Cluster(scope, id, props.build());
        }
    }
}
