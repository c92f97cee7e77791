package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

/**
 * One route: a method and a path pattern, and what answers them.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param pattern the path pattern
 * @param handler what answers
 */
record Route(String method, PathPattern pattern, RouteHandler handler) {

    Route {
        requireNonNull(method, "method");
        requireNonNull(pattern, "pattern");
        requireNonNull(handler, "handler");
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }
}
