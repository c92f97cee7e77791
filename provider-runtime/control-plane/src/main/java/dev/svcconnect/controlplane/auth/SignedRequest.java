package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A request as received, with what a SigV4 signature covers.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent (without {@code ?}), or empty
 * @param headers every value of every header, by lower-case name, in the order received
 * @param body the body
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public SignedRequest {
        requireNonNull(method, "method");
        requireNonNull(rawPath, "rawPath");
        requireNonNull(rawQuery, "rawQuery");
        headers = Map.copyOf(headers);
        requireNonNull(body, "body");
    }

    /** The first value of a header (lower-case name), or null. */
    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
