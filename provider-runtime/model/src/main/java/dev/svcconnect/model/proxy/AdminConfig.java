package dev.svcconnect.model.proxy;

import dev.svcconnect.model.validation.ServiceConnectRules;

/**
 * The proxy's admin listener ({@code /ready}, {@code /stats}, {@code /metrics}, {@code POST /drain}).
 *
 * @param bind {@code HOST:PORT}; default {@value #DEFAULT_BIND}, as Envoy's admin port under ECS.
 *     Keep it on a loopback address: it can drain the proxy.
 */
public record AdminConfig(String bind) {

    public static final String DEFAULT_BIND = "127.0.0.1:9901";

    /**
     * The environment variable of a proxy process holding the secret {@code POST /drain} must carry
     * ({@code Authorization: Bearer}); the host agent sets it for each sidecar. Unset: no secret.
     */
    public static final String TOKEN_ENVIRONMENT_VARIABLE = "SVC_CONNECT_ADMIN_TOKEN";

    public AdminConfig {
        bind = bind == null ? DEFAULT_BIND : ServiceConnectRules.requireHostPort(bind, "admin.bind");
    }

    public static AdminConfig defaults() {
        return new AdminConfig(null);
    }
}
