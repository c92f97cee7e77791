package dev.svcconnect.model.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.access.AccessPolicy;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.ArrayList;
import java.util.List;

/**
 * One listener of a sidecar proxy.
 *
 * <p>An {@link Direction#OUTBOUND outbound} listener is a client alias: it binds the alias address
 * and balances over the {@code endpoints} of its {@code discoveryName}. An
 * {@link Direction#INBOUND inbound} listener fronts the task's own port: its single endpoint is
 * the application's address.
 *
 * <p>Optional fields are filled with ECS Service Connect's defaults by the canonical
 * constructor: round robin, 15 s per request (0 for TCP, which has none) and 300 s idle
 * (3600 s for TCP). Zero disables a timeout.
 *
 * @param name a name unique within the proxy, used in logs and metrics
 * @param direction outbound (client alias) or inbound (in front of the task's port)
 * @param bind the address to listen on, {@code HOST:PORT}
 * @param protocol the application protocol
 * @param discoveryName the Cloud Map service the endpoints belong to
 * @param endpoints the upstream addresses, each {@code HOST:PORT}; may be empty
 * @param loadBalancing how an endpoint is picked
 * @param perRequestTimeoutSeconds the time a request may take before a 504; 0 disables
 * @param idleTimeoutSeconds the time a connection may stay idle before it is closed; 0 disables
 * @param access the access policy an inbound listener enforces; null enforces none (a static
 *     configuration, or an outbound listener)
 * @param mutualTls whether the hop between proxies is mutual TLS: an inbound listener then accepts
 *     only TLS 1.3 clients with a certificate of the mesh, an outbound one originates TLS to its
 *     endpoints; default false (the application's own hop to its sidecar stays plaintext)
 * @param serverIdentity for an outbound listener with {@code mutualTls}: the SPIFFE ID its endpoints'
 *     certificates must carry, naming the discovery name ({@code spiffe://TD/ns/NS/svc/NAME})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListenerConfig(
        String name,
        Direction direction,
        String bind,
        Protocol protocol,
        String discoveryName,
        List<String> endpoints,
        LoadBalancing loadBalancing,
        Integer perRequestTimeoutSeconds,
        Integer idleTimeoutSeconds,
        AccessPolicy access,
        Boolean mutualTls,
        String serverIdentity) {

    /** ECS Service Connect's per-request timeout for HTTP, HTTP/2 and gRPC. */
    public static final int DEFAULT_PER_REQUEST_TIMEOUT_SECONDS = 15;

    public ListenerConfig {
        direction = direction == null ? Direction.OUTBOUND : direction;
        protocol = protocol == null ? Protocol.TCP : protocol;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        loadBalancing = loadBalancing == null ? LoadBalancing.ROUND_ROBIN : loadBalancing;
        if (perRequestTimeoutSeconds == null) {
            perRequestTimeoutSeconds = protocol.isLayer7() ? DEFAULT_PER_REQUEST_TIMEOUT_SECONDS : 0;
        }
        if (idleTimeoutSeconds == null) {
            idleTimeoutSeconds = protocol.defaultIdleTimeoutSeconds();
        }
        mutualTls = mutualTls != null && mutualTls;
    }

    /** Checks every field, naming the first that is wrong with {@code prefix} before it. */
    public void validate(String prefix) {
        requireNonNull(prefix, "prefix");
        ServiceConnectRules.requireNonEmpty(name, prefix + "name");
        ServiceConnectRules.requireHostPort(bind, prefix + "bind");
        if (discoveryName != null) {
            ServiceConnectRules.requireDiscoveryName(discoveryName, prefix + "discoveryName");
        }
        for (int i = 0; i < endpoints.size(); i++) {
            ServiceConnectRules.requireHostPort(endpoints.get(i), prefix + "endpoints[" + i + "]");
        }
        ServiceConnectRules.requireTimeout(perRequestTimeoutSeconds, prefix + "perRequestTimeoutSeconds");
        ServiceConnectRules.requireTimeout(idleTimeoutSeconds, prefix + "idleTimeoutSeconds");
        if (!protocol.isLayer7() && perRequestTimeoutSeconds != 0) {
            throw new IllegalArgumentException(prefix + "perRequestTimeoutSeconds: " + perRequestTimeoutSeconds
                    + " (a per-request timeout applies to http, http2 and grpc only, not tcp)");
        }
        if (access != null) {
            if (direction != Direction.INBOUND) {
                throw new IllegalArgumentException(
                        prefix + "access: an access policy applies to inbound listeners only");
            }
            access.validate(prefix + "access.");
        }
        ServiceConnectRules.requireServerIdentity(
                direction == Direction.OUTBOUND, mutualTls, serverIdentity, prefix + "serverIdentity");
    }

    /** A copy of this listener with other endpoints. */
    public ListenerConfig withEndpoints(List<String> newEndpoints) {
        return new ListenerConfig(
                name,
                direction,
                bind,
                protocol,
                discoveryName,
                newEndpoints,
                loadBalancing,
                perRequestTimeoutSeconds,
                idleTimeoutSeconds,
                access,
                mutualTls,
                serverIdentity);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ListenerConfig}; unset optional fields take the defaults above. */
    public static final class Builder {
        private String name;
        private Direction direction;
        private String bind;
        private Protocol protocol;
        private String discoveryName;
        private final List<String> endpoints = new ArrayList<>();
        private LoadBalancing loadBalancing;
        private Integer perRequestTimeoutSeconds;
        private Integer idleTimeoutSeconds;
        private AccessPolicy access;
        private Boolean mutualTls;
        private String serverIdentity;

        private Builder() {}

        public Builder name(String name) {
            this.name = requireNonNull(name, "name");
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = requireNonNull(direction, "direction");
            return this;
        }

        public Builder bind(String bind) {
            this.bind = ServiceConnectRules.requireHostPort(bind, "bind");
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = requireNonNull(protocol, "protocol");
            return this;
        }

        public Builder discoveryName(String discoveryName) {
            this.discoveryName = ServiceConnectRules.requireDiscoveryName(discoveryName, "discoveryName");
            return this;
        }

        public Builder endpoint(String endpoint) {
            endpoints.add(ServiceConnectRules.requireHostPort(endpoint, "endpoint"));
            return this;
        }

        public Builder endpoints(List<String> endpoints) {
            endpoints.forEach(this::endpoint);
            return this;
        }

        public Builder loadBalancing(LoadBalancing loadBalancing) {
            this.loadBalancing = requireNonNull(loadBalancing, "loadBalancing");
            return this;
        }

        public Builder perRequestTimeoutSeconds(int seconds) {
            this.perRequestTimeoutSeconds = ServiceConnectRules.requireTimeout(seconds, "perRequestTimeoutSeconds");
            return this;
        }

        public Builder idleTimeoutSeconds(int seconds) {
            this.idleTimeoutSeconds = ServiceConnectRules.requireTimeout(seconds, "idleTimeoutSeconds");
            return this;
        }

        /** The access policy to enforce; for an inbound listener. */
        public Builder access(AccessPolicy access) {
            this.access = requireNonNull(access, "access").validate("access.");
            return this;
        }

        /** Mutual TLS on the hop between proxies; an outbound listener also needs {@link #serverIdentity}. */
        public Builder mutualTls(boolean mutualTls) {
            this.mutualTls = mutualTls;
            return this;
        }

        /** The SPIFFE ID an outbound listener's endpoints must present. */
        public Builder serverIdentity(String serverIdentity) {
            this.serverIdentity = ServiceConnectRules.requireSpiffeId(serverIdentity, "serverIdentity");
            return this;
        }

        public ListenerConfig build() {
            ListenerConfig config = new ListenerConfig(
                    name,
                    direction,
                    bind,
                    protocol,
                    discoveryName,
                    endpoints,
                    loadBalancing,
                    perRequestTimeoutSeconds,
                    idleTimeoutSeconds,
                    access,
                    mutualTls,
                    serverIdentity);
            config.validate("");
            return config;
        }
    }
}
