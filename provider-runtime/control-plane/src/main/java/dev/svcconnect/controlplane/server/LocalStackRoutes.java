package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.auth.OperatorAccess;
import dev.svcconnect.controlplane.local.LocalStacksApi;

/** The routes of the local engine's stack records under {@code /local/v1/} ({@link LocalStacksApi}). */
final class LocalStackRoutes {

    private static final String NAME = "{name:[A-Za-z][A-Za-z0-9-]{0,127}}";
    private static final String INVALID = "InvalidParameterException";

    private LocalStackRoutes() {}

    static RouteGroup group(LocalStacksApi stacks, OperatorAccess access) {
        return RouteGroup.builder("local API", "/local/v1/")
                .notFound((method, path) -> new ApiException(
                        "UnknownOperationException",
                        404,
                        "No local API route " + method + " " + path
                                + " (stack names: a letter, then letters, digits and '-', up to 128)."))
                .methodNotAllowed((method, path, allowed) -> new ApiException(
                        INVALID, 405, method + " " + path + ": expected " + RouteGroup.either(allowed) + "."))
                .get("/local/v1/stacks", r -> {
                    access.requireReader(r.header("Authorization"), null, "GET /local/v1/stacks");
                    return WatchRoutes.now(stacks.list());
                })
                .get("/local/v1/stacks/" + NAME, r -> {
                    access.requireReader(r.header("Authorization"), null, "GET /local/v1/stacks/{name}");
                    return WatchRoutes.now(stacks.get(r.parameter("name")));
                })
                .put("/local/v1/stacks/" + NAME, r -> {
                    access.requireAdmin(r.header("Authorization"), "PUT /local/v1/stacks/{name}");
                    return WatchRoutes.now(stacks.put(r.parameter("name"), r.body()));
                })
                .delete("/local/v1/stacks/" + NAME, r -> {
                    access.requireAdmin(r.header("Authorization"), "DELETE /local/v1/stacks/{name}");
                    return WatchRoutes.now(stacks.delete(r.parameter("name")));
                })
                .build();
    }
}
