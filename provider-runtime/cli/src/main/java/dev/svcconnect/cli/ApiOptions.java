package dev.svcconnect.cli;

import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.provider.api.SvcConnectApi;
import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which control plane svc-connect's own API is called on, and with which key: {@code
 * --control-plane URL}, else the local environment's (of {@code --dir}); the standard AWS
 * variables (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE) when set, else the
 * environment's admin key ({@code DIR/data/admin-credentials}).
 */
class ApiOptions {

    @Mixin
    EnvironmentOptions local;

    @Option(
            names = "--control-plane",
            paramLabel = "URL",
            description = "The control plane (default: the local environment's of --dir).")
    URI controlPlane;

    SvcConnectApi api() {
        LocalEnvironment environment = local.environment();
        URI endpoint = controlPlane != null
                ? controlPlane
                : environment
                        .running()
                        .orElseThrow(() -> new IllegalArgumentException("No local environment runs in "
                                + environment.directory() + ": give --control-plane URL"));
        return SvcConnectApi.of(endpoint, environment.adminCredentials());
    }
}
