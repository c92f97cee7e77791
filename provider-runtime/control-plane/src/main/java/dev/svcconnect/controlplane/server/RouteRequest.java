package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One request as a route sees it.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the path, without the query
 * @param parameters the values of the route's path parameters, by name
 * @param query the query parameters, the last value of each
 * @param headers the request headers, by lower-case name
 * @param body the body, possibly empty
 * @param requestId the id of the request in answers and logs
 */
record RouteRequest(
        String method,
        String path,
        Map<String, String> parameters,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        String requestId) {

    RouteRequest {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        parameters = Map.copyOf(parameters);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        requireNonNull(body, "body");
        requireNonNull(requestId, "requestId");
    }

    /** The value of the path parameter {@code name}, which the route's pattern declares. */
    String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("path parameter '" + name + "' is not declared by the route of " + path);
        }
        return value;
    }

    /** A header's value, or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
