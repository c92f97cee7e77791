package dev.svcconnect.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.servicediscovery.NamespaceType;

/**
 * The default namespace of a cluster, as aws-cdk-lib's {@code ecs.CloudMapNamespaceOptions}: for
 * {@link Cluster#addDefaultCloudMapNamespace} and {@link ClusterProps#getDefaultCloudMapNamespace()}.
 * svc-connect namespaces are HTTP namespaces (Service Connect needs no DNS zone): a DNS
 * {@code type} or a {@code vpc} is reported as a synth-time warning and otherwise ignored.
 */
public final class CloudMapNamespaceOptions {

    private final String name;
    private final NamespaceType type;
    private final IVpc vpc;
    private final Boolean useForServiceConnect;

    private CloudMapNamespaceOptions(Builder builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.type = builder.type;
        this.vpc = builder.vpc;
        this.useForServiceConnect = builder.useForServiceConnect;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The namespace's name (required). */
    public String getName() {
        return name;
    }

    /**
     * The namespace's type; only {@code NamespaceType.HTTP} exists here, any other is rendered as
     * HTTP with a warning.
     *
     * @default NamespaceType.HTTP (aws-cdk-lib: DNS_PRIVATE)
     */
    public NamespaceType getType() {
        return type;
    }

    /**
     * The VPC of a private DNS namespace; ignored with a warning, as HTTP namespaces have none.
     *
     * @default - none
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * Whether the namespace is also rendered as the cluster's {@code ServiceConnectDefaults}. The
     * cluster's services use it when they name no namespace either way.
     *
     * @default false
     */
    public Boolean getUseForServiceConnect() {
        return useForServiceConnect;
    }

    /** Builds {@link CloudMapNamespaceOptions}. */
    public static final class Builder {
        private String name;
        private NamespaceType type;
        private IVpc vpc;
        private Boolean useForServiceConnect;

        private Builder() {}

        /** @see CloudMapNamespaceOptions#getName() */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @see CloudMapNamespaceOptions#getType() */
        public Builder type(NamespaceType type) {
            this.type = type;
            return this;
        }

        /** @see CloudMapNamespaceOptions#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see CloudMapNamespaceOptions#getUseForServiceConnect() */
        public Builder useForServiceConnect(Boolean useForServiceConnect) {
            this.useForServiceConnect = useForServiceConnect;
            return this;
        }

        /** The options. */
        public CloudMapNamespaceOptions build() {
            return new CloudMapNamespaceOptions(this);
        }
    }
}
