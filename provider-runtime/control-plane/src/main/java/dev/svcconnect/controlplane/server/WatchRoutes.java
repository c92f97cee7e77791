package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ssm.ContainerSecrets;
import dev.svcconnect.controlplane.logs.LogIngest;
import dev.svcconnect.controlplane.metrics.MetricsIngest;
import dev.svcconnect.controlplane.watch.WatchAnswer;
import dev.svcconnect.controlplane.watch.WatchApi;
import java.util.concurrent.CompletableFuture;

/**
 * Every route of the watch API under {@code /watch/v1/}, for host agents and sidecar proxies (see
 * {@code docs/watch-api.md}): host registration, heartbeats and assignments, task reports, proxy
 * configurations, alias hosts and namespace endpoints ({@link WatchApi}), and the pushes of the
 * tasks' log lines ({@link LogIngest}) and proxy metrics ({@link MetricsIngest}), and the
 * resolved secrets of a task's containers ({@link ContainerSecrets}).
 */
final class WatchRoutes {

    /** A host id or a task id, as the control plane hands them out. */
    private static final String ID = "[0-9a-f]{1,64}";

    private WatchRoutes() {}

    static RouteGroup group(WatchApi watch, LogIngest logs, MetricsIngest metrics, ContainerSecrets secrets) {
        return RouteGroup.builder("watch API", "/watch/v1/")
                .notFound((method, path) -> new ApiException(
                        "UnknownOperationException", 404, "No watch API route " + method + " " + path + "."))
                .methodNotAllowed((method, path, allowed) -> new ApiException(
                        "MethodNotAllowedException",
                        405,
                        path + " answers " + RouteGroup.either(allowed) + ", not " + method + "."))
                .post("/watch/v1/hosts", r -> now(watch.registerHost(r.body())))
                .post("/watch/v1/hosts/{hostId:" + ID + "}/heartbeat", r -> now(watch.heartbeat(r.parameter("hostId"))))
                .post(
                        "/watch/v1/hosts/{hostId:" + ID + "}/deregister",
                        r -> now(watch.deregister(r.parameter("hostId"))))
                .get(
                        "/watch/v1/hosts/{hostId:" + ID + "}/tasks",
                        r -> later(watch.hostTasks(r.parameter("hostId"), r.query())))
                .post(
                        "/watch/v1/tasks/{taskId:" + ID + "}/state",
                        r -> now(watch.taskState(r.parameter("taskId"), r.body())))
                .get(
                        "/watch/v1/tasks/{taskId:" + ID + "}/proxy-config",
                        r -> later(watch.proxyConfig(r.parameter("taskId"), r.query())))
                .get(
                        "/watch/v1/tasks/{taskId:" + ID + "}/hosts",
                        r -> later(watch.taskHosts(r.parameter("taskId"), r.query())))
                .get(
                        "/watch/v1/namespaces/{namespace:[^/]{1,1024}}/endpoints",
                        r -> later(watch.namespaceEndpoints(r.parameter("namespace"), r.query())))
                // Secret values: only the agent of the task's host may read them (one scope check here).
                .get("/watch/v1/tasks/{taskId:" + ID + "}/secrets", r -> {
                    String taskId = r.parameter("taskId");
                    return Reply.json(200, secrets.forTask(taskId));
                })
                .post("/watch/v1/tasks/{taskId:" + ID + "}/metrics", r -> {
                    metrics.accept(r.parameter("taskId"), r.body());
                    return Reply.emptyObject();
                })
                .post("/watch/v1/tasks/{taskId:" + ID + "}/logs", r -> {
                    logs.accept(r.parameter("taskId"), r.body());
                    return Reply.emptyObject();
                })
                .build();
    }

    static Reply now(WatchAnswer answer) {
        return Reply.json(answer.status(), answer.body());
    }

    private static Reply later(CompletableFuture<WatchAnswer> answer) {
        CompletableFuture<Reply> reply = answer.thenApply(WatchRoutes::now);
        reply.whenComplete((result, error) -> {
            if (reply.isCancelled()) {
                answer.cancel(false); // the client went away: the hub forgets the watcher now
            }
        });
        return new Reply.Later(reply);
    }
}
