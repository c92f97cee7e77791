package dev.svcconnect.constructs;

import java.util.List;

/**
 * The Service Connect configuration of a service: the namespace it joins and the ports it offers.
 * A service that offers none is a client only: it can call the namespace's services.
 */
public final class ServiceConnectProps {

    private final INamespace namespace;
    private final String namespaceName;
    private final List<ServiceConnectService> services;
    private final LogDriver logDriver;

    private ServiceConnectProps(Builder builder) {
        this.namespace = builder.namespace;
        this.namespaceName = builder.namespaceName;
        this.services = builder.services == null ? null : List.copyOf(builder.services);
        this.logDriver = builder.logDriver;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The namespace the service joins, when given as an {@link INamespace}.
     *
     * @default - {@link #getNamespaceName()}, else the cluster's default namespace
     */
    public INamespace getNamespace() {
        return namespace;
    }

    /**
     * The namespace the service joins, when given by name or ARN as aws-cdk-lib's string
     * {@code namespace} prop (for example {@code "internal"} or a namespace's ARN).
     *
     * @default - {@link #getNamespace()}, else the cluster's default namespace
     */
    public String getNamespaceName() {
        return namespaceName;
    }

    /**
     * The ports the service offers to the namespace.
     *
     * @default - none: the service is a client only
     */
    public List<ServiceConnectService> getServices() {
        return services;
    }

    /**
     * Where the service's proxies write their logs.
     *
     * @default - the host's default: the task's log directory
     */
    public LogDriver getLogDriver() {
        return logDriver;
    }

    /** Builds {@link ServiceConnectProps}. */
    public static final class Builder {
        private INamespace namespace;
        private String namespaceName;
        private List<ServiceConnectService> services;
        private LogDriver logDriver;

        private Builder() {}

        /** The namespace as an {@link INamespace}; replaces a name given before. @see ServiceConnectProps#getNamespace() */
        public Builder namespace(INamespace namespace) {
            this.namespace = namespace;
            this.namespaceName = null;
            return this;
        }

        /** The namespace by name or ARN; replaces an {@link INamespace} given before. @see ServiceConnectProps#getNamespaceName() */
        public Builder namespace(String namespaceNameOrArn) {
            this.namespaceName = namespaceNameOrArn;
            this.namespace = null;
            return this;
        }

        /** @see ServiceConnectProps#getServices() */
        public Builder services(List<ServiceConnectService> services) {
            this.services = services;
            return this;
        }

        /** @see ServiceConnectProps#getLogDriver() */
        public Builder logDriver(LogDriver logDriver) {
            this.logDriver = logDriver;
            return this;
        }

        /** The configuration. */
        public ServiceConnectProps build() {
            return new ServiceConnectProps(this);
        }
    }
}
