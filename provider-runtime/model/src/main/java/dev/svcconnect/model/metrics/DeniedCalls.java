package dev.svcconnect.model.metrics;

/**
 * How many requests (and TCP connections) of one caller an inbound listener's access policy has
 * refused since the proxy started: the {@code RequestCountDenied} of one {@code Caller}.
 *
 * @param discoveryName the inbound listener's discovery name
 * @param caller the caller's SPIFFE ID, or {@code unknown}
 * @param count cumulative
 */
public record DeniedCalls(String discoveryName, String caller, long count) {

    void validate(String prefix) {
        if (discoveryName == null || discoveryName.isBlank() || discoveryName.length() > 255) {
            throw new IllegalArgumentException(
                    prefix + "discoveryName: '" + discoveryName + "' (expected: 1-255 characters)");
        }
        if (caller == null || caller.isBlank() || caller.length() > 1024) {
            throw new IllegalArgumentException(prefix + "caller: '" + caller + "' (expected: 1-1024 characters)");
        }
        if (count < 0) {
            throw new IllegalArgumentException(prefix + "count: " + count + " (expected: 0 or more)");
        }
    }
}
