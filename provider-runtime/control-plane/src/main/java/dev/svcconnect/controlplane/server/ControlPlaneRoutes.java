package dev.svcconnect.controlplane.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.function.Supplier;

/**
 * The control plane's route table: the AWS JSON 1.1 API ({@code POST /} with {@code X-Amz-Target})
 * and {@code GET /health} here, then the groups of the watch API ({@link WatchRoutes}), the
 * console and metrics ({@link ConsoleRoutes}) and the local stacks ({@link LocalStackRoutes}).
 */
final class ControlPlaneRoutes {

    private ControlPlaneRoutes() {}

    static RouteTable table(
            AwsJsonDispatcher aws,
            Supplier<byte[]> health,
            RouteGroup watch,
            RouteGroup console,
            RouteGroup localStacks) {
        return RouteTable.of(List.of(root(aws, health), watch, console, localStacks));
    }

    /** A replica's role: {@code leader} runs the scheduler's loops, a {@code follower} does not. */
    static String role(Store store) {
        return store.isLeader() ? "leader" : "follower";
    }

    /**
     * What {@code GET /health} answers: ok, the role, the replica and the kind of store (not its
     * address, which an unauthenticated caller has no use for; the start log names it).
     */
    static byte[] health(ControlPlaneConfig config, Store store) {
        try {
            return Json.mapper()
                    .writeValueAsBytes(Json.mapper()
                            .createObjectNode()
                            .put("status", "ok")
                            .put("role", role(store))
                            .put("replica", config.replicaId())
                            .put("store", config.store().isSqlite() ? "sqlite" : "postgresql"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /}, {@code GET /health}, and the 404 of any path no other group claims. */
    static RouteGroup root(AwsJsonDispatcher aws, Supplier<byte[]> health) {
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
                .getInline("/health", r -> Reply.of(200, Reply.JSON, health.get()))
                .build();
    }
}
