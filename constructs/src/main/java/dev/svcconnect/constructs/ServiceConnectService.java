package dev.svcconnect.constructs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * One port of a service offered through Service Connect: its discovery name in the namespace,
 * and the client alias ({@code dnsName:port}) that client tasks call it by.
 */
public final class ServiceConnectService {

    private final String portMappingName;
    private final String discoveryName;
    private final String dnsName;
    private final Number port;
    private final Number ingressPortOverride;
    private final Duration idleTimeout;
    private final Duration perRequestTimeout;
    private final List<Object> allowedCallers;

    private ServiceConnectService(Builder builder) {
        this.portMappingName = Objects.requireNonNull(builder.portMappingName, "portMappingName");
        this.discoveryName = builder.discoveryName;
        this.dnsName = builder.dnsName;
        this.port = builder.port;
        this.ingressPortOverride = builder.ingressPortOverride;
        this.idleTimeout = builder.idleTimeout;
        this.perRequestTimeout = builder.perRequestTimeout;
        this.allowedCallers = builder.allowedCallers == null
                ? null
                : Collections.unmodifiableList(new ArrayList<>(builder.allowedCallers));
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The name of the task definition's port mapping to offer. */
    public String getPortMappingName() {
        return portMappingName;
    }

    /**
     * The name of the service's endpoints in the namespace, unique in the namespace.
     *
     * @default - the port mapping name
     */
    public String getDiscoveryName() {
        return discoveryName;
    }

    /**
     * The DNS name that client tasks call the service by.
     *
     * @default - the discovery name, a dot and the namespace's name: {@code api.internal}
     */
    public String getDnsName() {
        return dnsName;
    }

    /**
     * The port that client tasks call the service on.
     *
     * @default - the port mapping's container port
     */
    public Number getPort() {
        return port;
    }

    /**
     * The port the service's proxy listens on for inbound traffic, so that traffic to the
     * container port itself bypasses the proxy.
     *
     * @default - the container port
     */
    public Number getIngressPortOverride() {
        return ingressPortOverride;
    }

    /**
     * How long a connection may stay idle; {@code Duration.seconds(0)} disables it.
     *
     * @default - Duration.minutes(5) for HTTP, HTTP2 and gRPC; Duration.hours(1) for TCP
     */
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    /**
     * How long one request may take (HTTP, HTTP2 and gRPC only); {@code Duration.seconds(0)}
     * disables it.
     *
     * @default - Duration.seconds(15) for HTTP, HTTP2 and gRPC; none for TCP
     */
    public Duration getPerRequestTimeout() {
        return perRequestTimeout;
    }

    /**
     * The client services allowed to call this one, rendered as a {@code Custom::SvcConnectAccessPolicy}
     * that the service's proxies enforce. Each entry is a name, {@code SERVICE} (a service of the
     * same namespace), {@code NAMESPACE/SERVICE}, {@code NAMESPACE/*} or {@code *} (every service
     * of the same namespace), or a service ({@link IBaseService}), which stands for its name, in
     * its Service Connect namespace (else its cluster's default namespace); an empty list allows
     * nobody. See docs/security.md.
     *
     * @default - every service of the same namespace, none of another (no policy resource)
     */
    public List<Object> getAllowedCallers() {
        return allowedCallers;
    }

    /** Builds a {@link ServiceConnectService}. */
    public static final class Builder {
        private String portMappingName;
        private String discoveryName;
        private String dnsName;
        private Number port;
        private Number ingressPortOverride;
        private Duration idleTimeout;
        private Duration perRequestTimeout;
        private List<?> allowedCallers;

        private Builder() {}

        /** @see ServiceConnectService#getPortMappingName() */
        public Builder portMappingName(String portMappingName) {
            this.portMappingName = portMappingName;
            return this;
        }

        /** @see ServiceConnectService#getDiscoveryName() */
        public Builder discoveryName(String discoveryName) {
            this.discoveryName = discoveryName;
            return this;
        }

        /** @see ServiceConnectService#getDnsName() */
        public Builder dnsName(String dnsName) {
            this.dnsName = dnsName;
            return this;
        }

        /** @see ServiceConnectService#getPort() */
        public Builder port(Number port) {
            this.port = port;
            return this;
        }

        /** @see ServiceConnectService#getIngressPortOverride() */
        public Builder ingressPortOverride(Number ingressPortOverride) {
            this.ingressPortOverride = ingressPortOverride;
            return this;
        }

        /** @see ServiceConnectService#getIdleTimeout() */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** @see ServiceConnectService#getPerRequestTimeout() */
        public Builder perRequestTimeout(Duration perRequestTimeout) {
            this.perRequestTimeout = perRequestTimeout;
            return this;
        }

        /**
         * Names ({@code String}) or services ({@link IBaseService}), mixed as needed.
         *
         * @see ServiceConnectService#getAllowedCallers()
         */
        public Builder allowedCallers(List<?> allowedCallers) {
            this.allowedCallers = allowedCallers;
            return this;
        }

        /** The service. */
        public ServiceConnectService build() {
            return new ServiceConnectService(this);
        }
    }
}
