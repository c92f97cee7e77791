package dev.svcconnect.controlplane.api.cloudmap;

import dev.svcconnect.controlplane.api.Params;
import java.util.List;

/**
 * The rules of a {@code HealthCheckConfig} (CreateService, UpdateService): {@code Type} HTTP, HTTPS
 * or TCP; {@code ResourcePath} at most 255 characters and only for HTTP and HTTPS; {@code
 * FailureThreshold} 1-10.
 */
final class HealthCheckConfigs {

    private static final List<String> TYPES = List.of("HTTP", "HTTPS", "TCP");
    private static final int MAX_RESOURCE_PATH = 255;
    private static final int MAX_FAILURE_THRESHOLD = 10;

    private HealthCheckConfigs() {}

    /** Checks {@code config} when it is set (not null), InvalidInput naming the field otherwise. */
    static void checkIfSet(Params config) {
        if (config == null) {
            return;
        }
        String type = config.requiredString("Type");
        if (!TYPES.contains(type)) {
            throw config.invalid("Type", "'" + type + "' (expected one of: HTTP, HTTPS, TCP)");
        }
        String path = config.string("ResourcePath");
        if (path != null && type.equals("TCP")) {
            throw config.invalid("ResourcePath", "'" + path + "' (expected: none for a TCP health check)");
        }
        if (path != null && (path.isEmpty() || path.length() > MAX_RESOURCE_PATH)) {
            throw config.invalid("ResourcePath", path.length() + " characters (expected: 1-" + MAX_RESOURCE_PATH + ")");
        }
        Integer threshold = config.integer("FailureThreshold");
        if (threshold != null && (threshold < 1 || threshold > MAX_FAILURE_THRESHOLD)) {
            throw config.invalid("FailureThreshold", threshold + " (expected: 1-" + MAX_FAILURE_THRESHOLD + ")");
        }
    }
}
