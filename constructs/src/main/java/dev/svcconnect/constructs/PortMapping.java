package dev.svcconnect.constructs;

import java.util.Objects;

/** A port that a container listens on; a named one can be offered through Service Connect. */
public final class PortMapping {

    private final String name;
    private final Number containerPort;
    private final Number hostPort;
    private final AppProtocol appProtocol;

    private PortMapping(Builder builder) {
        this.name = builder.name;
        this.containerPort = Objects.requireNonNull(builder.containerPort, "containerPort");
        this.hostPort = builder.hostPort;
        this.appProtocol = builder.appProtocol;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The name that Service Connect services refer to ({@link ServiceConnectService#getPortMappingName()}).
     *
     * @default - unnamed: the port cannot be offered through Service Connect
     */
    public String getName() {
        return name;
    }

    /** The port the container listens on. */
    public Number getContainerPort() {
        return containerPort;
    }

    /**
     * The host port, in bridge network mode.
     *
     * @default - the container port in awsvpc and host network modes; an ephemeral port in bridge mode
     */
    public Number getHostPort() {
        return hostPort;
    }

    /**
     * The application protocol; needs a {@link #getName() name}.
     *
     * @default - none: TCP
     */
    public AppProtocol getAppProtocol() {
        return appProtocol;
    }

    /** Builds a {@link PortMapping}. */
    public static final class Builder {
        private String name;
        private Number containerPort;
        private Number hostPort;
        private AppProtocol appProtocol;

        private Builder() {}

        /** @see PortMapping#getName() */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @see PortMapping#getContainerPort() */
        public Builder containerPort(Number containerPort) {
            this.containerPort = containerPort;
            return this;
        }

        /** @see PortMapping#getHostPort() */
        public Builder hostPort(Number hostPort) {
            this.hostPort = hostPort;
            return this;
        }

        /** @see PortMapping#getAppProtocol() */
        public Builder appProtocol(AppProtocol appProtocol) {
            this.appProtocol = appProtocol;
            return this;
        }

        /** The port mapping. */
        public PortMapping build() {
            return new PortMapping(this);
        }
    }
}
