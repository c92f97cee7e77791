package dev.svcconnect.model.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a sidecar proxy serves. Read from {@code svc-connect proxy --config FILE.json}, or
 * answered for one task by the control plane's watch API ({@code docs/watch-api.md}).
 *
 * <pre>{@code
 * ProxyConfig config = ProxyConfig.builder()
 *     .listener(ListenerConfig.builder().name("webui").bind("127.255.0.1:80")
 *         .protocol(Protocol.HTTP).discoveryName("webui-svc").endpoint("10.0.0.5:8080").build())
 *     .build();
 * }</pre>
 *
 * @param admin the admin listener; default {@link AdminConfig#DEFAULT_BIND}
 * @param serviceName the ECS service of the task the proxy serves, for metric labels; may be null
 * @param clusterName the ECS cluster of that service, for metric labels; may be null
 * @param taskArn the task the proxy serves; null for a static configuration
 * @param drainTimeSeconds how long draining waits for in-flight requests; default 20
 * @param listeners the listeners, each with a unique name
 * @param trustDomain the SPIFFE trust domain of the mesh's certificates; required when a listener
 *     uses mutual TLS, and then every outbound {@code serverIdentity} belongs to it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyConfig(
        AdminConfig admin,
        String serviceName,
        String clusterName,
        String taskArn,
        Integer drainTimeSeconds,
        List<ListenerConfig> listeners,
        String trustDomain) {

    /** ECS Service Connect's listener drain time (Envoy's {@code LISTENER_DRAIN_WAIT_TIME_S}). */
    public static final int DEFAULT_DRAIN_TIME_SECONDS = 20;

    public ProxyConfig {
        admin = admin == null ? AdminConfig.defaults() : admin;
        drainTimeSeconds = drainTimeSeconds == null ? DEFAULT_DRAIN_TIME_SECONDS : drainTimeSeconds;
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    /**
     * Checks every listener and the combinations: unique names and unique bind addresses.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code listeners[1].bind: ...}
     */
    public ProxyConfig validate() {
        ServiceConnectRules.requireTimeout(drainTimeSeconds, "drainTimeSeconds");
        if (trustDomain != null) {
            ServiceConnectRules.requireTrustDomain(trustDomain, "trustDomain");
        }
        Set<String> names = new HashSet<>();
        Set<String> binds = new HashSet<>();
        for (int i = 0; i < listeners.size(); i++) {
            String prefix = "listeners[" + i + "].";
            ListenerConfig listener = requireNonNull(listeners.get(i), prefix);
            listener.validate(prefix);
            if (!names.add(listener.name())) {
                throw new IllegalArgumentException(
                        prefix + "name: '" + listener.name() + "' is used by another listener");
            }
            if (!binds.add(listener.bind())) {
                throw new IllegalArgumentException(
                        prefix + "bind: '" + listener.bind() + "' is used by another listener");
            }
            ServiceConnectRules.requireMeshTrustDomain(
                    listener.mutualTls(), listener.serverIdentity(), trustDomain, prefix);
        }
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ProxyConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private AdminConfig admin;
        private String serviceName;
        private String clusterName;
        private String taskArn;
        private Integer drainTimeSeconds;
        private final List<ListenerConfig> listeners = new ArrayList<>();
        private String trustDomain;

        private Builder() {}

        public Builder admin(AdminConfig admin) {
            this.admin = requireNonNull(admin, "admin");
            return this;
        }

        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder taskArn(String taskArn) {
            this.taskArn = taskArn;
            return this;
        }

        public Builder drainTimeSeconds(int seconds) {
            this.drainTimeSeconds = ServiceConnectRules.requireTimeout(seconds, "drainTimeSeconds");
            return this;
        }

        public Builder listener(ListenerConfig listener) {
            listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /** The SPIFFE trust domain of the mesh, for listeners with mutual TLS. */
        public Builder trustDomain(String trustDomain) {
            this.trustDomain = ServiceConnectRules.requireTrustDomain(trustDomain, "trustDomain");
            return this;
        }

        public ProxyConfig build() {
            return new ProxyConfig(admin, serviceName, clusterName, taskArn, drainTimeSeconds, listeners, trustDomain)
                    .validate();
        }
    }
}
