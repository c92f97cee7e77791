package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The control plane's route table: the AWS JSON 1.1 API ({@code POST /} with {@code X-Amz-Target})
 * and {@code GET /health} here, then the groups of the watch API ({@link WatchRoutes}), the
 * console and metrics ({@link ConsoleRoutes}) and the local stacks ({@link LocalStackRoutes}).
 */
final class ControlPlaneRoutes {

    private ControlPlaneRoutes() {}

    static RouteTable table(AwsJsonDispatcher aws, RouteGroup watch, RouteGroup console, RouteGroup localStacks) {
        return RouteTable.of(List.of(root(aws), watch, console, localStacks));
    }

    /** {@code POST /}, {@code GET /health}, and the 404 of any path no other group claims. */
    static RouteGroup root(AwsJsonDispatcher aws) {
        byte[] healthy = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        return RouteGroup.builder("AWS API", "/")
                .notFound((method, path) -> new ApiException(
                        "UnknownOperationException",
                        404,
                        "No route " + method + " " + path
                                + ": the AWS API is POST / with X-Amz-Target, the watch API is under /watch/v1/."))
                .methodNotAllowed((method, path, allowed) -> new ApiException(
                        "MethodNotAllowedException",
                        405,
                        method + " " + path + ": expected " + RouteGroup.either(allowed) + "."))
                .post("/", r -> {
                    AwsJsonDispatcher.Answer answer = aws.dispatch(r.header("X-Amz-Target"), r.signed(), r.requestId());
                    return Reply.of(answer.status(), Reply.AMZ_JSON, answer.body())
                            .named(answer.operation());
                })
                .getInline("/health", r -> Reply.of(200, Reply.JSON, healthy))
                .build();
    }
}
