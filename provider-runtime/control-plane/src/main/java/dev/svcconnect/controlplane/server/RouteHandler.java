package dev.svcconnect.controlplane.server;

/**
 * Answers the requests of one route, off the event loop.
 * Throws {@link dev.svcconnect.controlplane.api.ApiException} for a request that is wrong (its
 * status says how) and {@link IllegalArgumentException} for a body that is invalid (answered 400
 * {@code InvalidParameterException} with its message).
 */
@FunctionalInterface
interface RouteHandler {

    Reply handle(RouteRequest request);
}
