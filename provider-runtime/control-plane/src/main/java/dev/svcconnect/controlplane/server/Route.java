package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

/**
 * One route: a method and a path pattern, and what answers them.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param pattern the path pattern
 * @param handler what answers
 * @param inline whether the handler runs on the event loop (it never blocks and takes
 *     microseconds, like {@code GET /health}) rather than on the API threads
 */
record Route(String method, PathPattern pattern, RouteHandler handler, boolean inline) {

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
