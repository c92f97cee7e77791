package dev.svcconnect.constructs;

/** Properties of a {@link LoadBalancer}. */
public final class LoadBalancerProps {

    private final BaseService service;
    private final INamespace namespace;
    private final String discoveryName;
    private final Number port;
    private final AppProtocol protocol;

    private LoadBalancerProps(Builder builder) {
        this.service = builder.service;
        this.namespace = builder.namespace;
        this.discoveryName = builder.discoveryName;
        this.port = builder.port;
        this.protocol = builder.protocol;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The service whose tasks take the traffic (required); the load balancer is created after it. */
    public BaseService getService() {
        return service;
    }

    /**
     * The namespace the service offers its port in.
     *
     * @default - the service's cluster's default namespace
     */
    public INamespace getNamespace() {
        return namespace;
    }

    /** The discovery name of the service's Service Connect port (required). */
    public String getDiscoveryName() {
        return discoveryName;
    }

    /** The listener's port: locally, on 127.0.0.1 (required). */
    public Number getPort() {
        return port;
    }

    /**
     * The protocol spoken by the listener.
     *
     * @default AppProtocol.HTTP
     */
    public AppProtocol getProtocol() {
        return protocol;
    }

    /** Builds {@link LoadBalancerProps}. */
    public static final class Builder {
        private BaseService service;
        private INamespace namespace;
        private String discoveryName;
        private Number port;
        private AppProtocol protocol;

        private Builder() {}

        /** @see LoadBalancerProps#getService() */
        public Builder service(BaseService service) {
            this.service = service;
            return this;
        }

        /** @see LoadBalancerProps#getNamespace() */
        public Builder namespace(INamespace namespace) {
            this.namespace = namespace;
            return this;
        }

        /** @see LoadBalancerProps#getDiscoveryName() */
        public Builder discoveryName(String discoveryName) {
            this.discoveryName = discoveryName;
            return this;
        }

        /** @see LoadBalancerProps#getPort() */
        public Builder port(Number port) {
            this.port = port;
            return this;
        }

        /** @see LoadBalancerProps#getProtocol() */
        public Builder protocol(AppProtocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /** The properties. */
        public LoadBalancerProps build() {
            return new LoadBalancerProps(this);
        }
    }
}
