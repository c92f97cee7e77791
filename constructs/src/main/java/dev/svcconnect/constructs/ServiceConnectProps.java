package dev.svcconnect.constructs;

import java.util.List;

/**
 * The Service Connect configuration of a service: the namespace it joins and the ports it offers.
 * A service that offers none is a client only: it can call the namespace's services.
 */
public final class ServiceConnectProps {

    private final INamespace namespace;
    private final List<ServiceConnectService> services;
    private final LogDriver logDriver;

    private ServiceConnectProps(Builder builder) {
        this.namespace = builder.namespace;
        this.services = builder.services == null ? null : List.copyOf(builder.services);
        this.logDriver = builder.logDriver;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The namespace the service joins.
     *
     * @default - the cluster's default namespace
     */
    public INamespace getNamespace() {
        return namespace;
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
        private List<ServiceConnectService> services;
        private LogDriver logDriver;

        private Builder() {}

        /** @see ServiceConnectProps#getNamespace() */
        public Builder namespace(INamespace namespace) {
            this.namespace = namespace;
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
