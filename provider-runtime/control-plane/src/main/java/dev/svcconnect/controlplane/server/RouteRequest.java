package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.auth.SignedRequest;
import java.util.List;
import java.util.Map;

/**
 * One request as a route sees it.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the path, without the query
 * @param parameters the values of the route's path parameters, by name
 * @param query the query parameters, the last value of each
 * @param headers every value of each request header, by lower-case name, in the order received
 * @param body the body, possibly empty
 * @param requestId the id of the request in answers and logs
 * @param rawUri the request target as sent (path and query, still percent-encoded), which a
 *     SigV4 signature covers
 */
record RouteRequest(
        String method,
        String path,
        Map<String, String> parameters,
        Map<String, String> query,
        Map<String, List<String>> headers,
        byte[] body,
        String requestId,
        String rawUri) {

    RouteRequest {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        parameters = Map.copyOf(parameters);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        requireNonNull(body, "body");
        requireNonNull(requestId, "requestId");
        requireNonNull(rawUri, "rawUri");
    }

    /** The value of the path parameter {@code name}, which the route's pattern declares. */
    String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("path parameter '" + name + "' is not declared by the route of " + path);
        }
        return value;
    }

    /** A header's first value, or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    /** The request as a SigV4 signature covers it. */
    SignedRequest signed() {
        int question = rawUri.indexOf('?');
        return new SignedRequest(
                method,
                question < 0 ? rawUri : rawUri.substring(0, question),
                question < 0 ? "" : rawUri.substring(question + 1),
                headers,
                body);
    }
}
