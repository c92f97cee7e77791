package dev.svcconnect.sample.webui;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.common.Env;
import dev.svcconnect.sample.common.Env.HostAndPort;
import dev.svcconnect.sample.common.TaskIdentity;
import java.time.Duration;

/**
 * What webui needs: where to listen, where appserver is and how long to wait for it.
 *
 * @param bind the address to listen on
 * @param port the HTTP port (0 asks the system for a free one)
 * @param appserver appserver's gRPC address (in a deployment: its client alias)
 * @param callTimeout the deadline of each call to appserver
 * @param taskId which task this is, shown on the page
 */
public record WebUiSettings(String bind, int port, HostAndPort appserver, Duration callTimeout, String taskId) {

    /** Checks every field. */
    public WebUiSettings {
        requireNonNull(bind, "bind");
        requireNonNull(appserver, "appserver");
        requireNonNull(taskId, "taskId");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (requireNonNull(callTimeout, "callTimeout").isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout: " + callTimeout + " (expected: > 0)");
        }
    }

    /**
     * Reads {@code WEBUI_BIND} (default 127.0.0.1), {@code WEBUI_PORT} (8000),
     * {@code APPSERVER_URL} (grpc://127.0.0.1:8080), {@code APPSERVER_TIMEOUT_MS} (5000) and
     * {@code TASK_ID} (else {@code HOSTNAME}).
     */
    public static WebUiSettings from(Env env) {
        return new WebUiSettings(
                env.host("WEBUI_BIND", "127.0.0.1"),
                env.port("WEBUI_PORT", 8000),
                env.address("APPSERVER_URL", "grpc://127.0.0.1:8080", "grpc", "http"),
                env.millis("APPSERVER_TIMEOUT_MS", Duration.ofSeconds(5)),
                TaskIdentity.of(env));
    }
}
