package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes one part of the control plane contributes (the AWS API, the watch API, the console,
 * the local stacks), with the wording of its errors: the 404 of a path under its {@code prefix}
 * that no route matches, and the 405 of a path one of its routes matches with another method.
 *
 * @param name what the group serves, for messages
 * @param prefix the paths whose 404 this group words, e.g. {@code /watch/v1/}
 * @param notFound the 404 of a path under the prefix
 * @param methodNotAllowed the 405 of a known path asked with another method
 * @param routes the routes, each a method and a path pattern
 */
record RouteGroup(
        String name, String prefix, NotFound notFound, MethodNotAllowed methodNotAllowed, List<Route> routes) {

    /** The 404 answer of a path no route matches. */
    @FunctionalInterface
    interface NotFound {
        ApiException of(String method, String path);
    }

    /** The 405 answer of a path asked with a method none of its routes takes. */
    @FunctionalInterface
    interface MethodNotAllowed {
        ApiException of(String method, String path, List<String> allowed);
    }

    RouteGroup {
        requireNonNull(name, "name");
        requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException(name + ".prefix: '" + prefix + "' (expected: starting with '/')");
        }
        requireNonNull(notFound, "notFound");
        requireNonNull(methodNotAllowed, "methodNotAllowed");
        routes = List.copyOf(routes);
    }

    static Builder builder(String name, String prefix) {
        return new Builder(name, prefix);
    }

    /** "GET", "GET or POST", "GET, PUT or DELETE". */
    static String either(List<String> methods) {
        if (methods.size() == 1) {
            return methods.get(0);
        }
        return String.join(", ", methods.subList(0, methods.size() - 1)) + " or " + methods.get(methods.size() - 1);
    }

    /** Builds a {@link RouteGroup}; each route method checks its pattern. */
    static final class Builder {
        private final String name;
        private final String prefix;
        private NotFound notFound;
        private MethodNotAllowed methodNotAllowed;
        private final List<Route> routes = new ArrayList<>();

        private Builder(String name, String prefix) {
            this.name = name;
            this.prefix = prefix;
        }

        Builder notFound(NotFound notFound) {
            this.notFound = requireNonNull(notFound, "notFound");
            return this;
        }

        Builder methodNotAllowed(MethodNotAllowed methodNotAllowed) {
            this.methodNotAllowed = requireNonNull(methodNotAllowed, "methodNotAllowed");
            return this;
        }

        Builder get(String pattern, RouteHandler handler) {
            return route("GET", pattern, handler);
        }

        Builder post(String pattern, RouteHandler handler) {
            return route("POST", pattern, handler);
        }

        Builder put(String pattern, RouteHandler handler) {
            return route("PUT", pattern, handler);
        }

        Builder delete(String pattern, RouteHandler handler) {
            return route("DELETE", pattern, handler);
        }

        /** A GET whose handler never blocks and takes microseconds: answered on the event loop. */
        Builder getInline(String pattern, RouteHandler handler) {
            routes.add(new Route("GET", PathPattern.of(pattern), handler, true));
            return this;
        }

        Builder route(String method, String pattern, RouteHandler handler) {
            routes.add(new Route(method, PathPattern.of(pattern), handler, false));
            return this;
        }

        RouteGroup build() {
            return new RouteGroup(name, prefix, notFound, methodNotAllowed, routes);
        }
    }
}
