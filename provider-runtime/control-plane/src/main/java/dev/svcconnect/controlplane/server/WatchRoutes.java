package dev.svcconnect.controlplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ssm.ContainerSecrets;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.logs.LogIngest;
import dev.svcconnect.controlplane.metrics.MetricsIngest;
import dev.svcconnect.controlplane.replicas.PushSharing;
import dev.svcconnect.controlplane.watch.WatchAccess;
import dev.svcconnect.controlplane.watch.WatchAnswer;
import dev.svcconnect.controlplane.watch.WatchApi;
import dev.svcconnect.controlplane.watch.WatchReply;
import dev.svcconnect.model.Json;
import java.util.concurrent.CompletableFuture;

/**
 * Every route of the watch API under {@code /watch/v1/}, for host agents and sidecar proxies (see
 * {@code docs/watch-api.md}): host registration, heartbeats and assignments, task reports, proxy
 * configurations, alias hosts and namespace endpoints ({@link WatchApi}), and the pushes of the
 * tasks' log lines ({@link LogIngest}) and proxy metrics ({@link MetricsIngest}), and the
 * resolved secrets of a task's containers ({@link ContainerSecrets}). Each route checks its
 * caller's bearer key and scope first ({@link WatchAccess}).
 */
final class WatchRoutes {

    /** A host id or a task id, as the control plane hands them out. */
    private static final String ID = "[0-9a-f]{1,64}";

    /** A host load balancer's view of a discovery name. */
    private static final String LOAD_BALANCER =
            "/watch/v1/namespaces/{namespace:[^/]{1,1024}}/load-balancers/{discoveryName:[a-z0-9_-]{1,64}}";

    private WatchRoutes() {}

    static RouteGroup group(WatchApi watch, WatchAccess access, PushSharing pushes, ContainerSecrets secrets) {
        String host = "/watch/v1/hosts/{hostId:" + ID + "}";
        String task = "/watch/v1/tasks/{taskId:" + ID + "}";
        return RouteGroup.builder("watch API", "/watch/v1/")
                .notFound((method, path) -> new ApiException(
                        "UnknownOperationException", 404, "No watch API route " + method + " " + path + "."))
                .methodNotAllowed((method, path, allowed) -> new ApiException(
                        "MethodNotAllowedException",
                        405,
                        path + " answers " + RouteGroup.either(allowed) + ", not " + method + "."))
                .post("/watch/v1/hosts", r -> now(access.register(r.header("Authorization"), r.body())))
                .post(host + "/heartbeat", r -> {
                    access.requireHost(r.header("Authorization"), "POST " + host + "/heartbeat", r.parameter("hostId"));
                    return now(watch.heartbeat(r.parameter("hostId")));
                })
                .post(host + "/deregister", r -> {
                    String route = "POST " + host + "/deregister";
                    var caller = access.requireHost(r.header("Authorization"), route, r.parameter("hostId"));
                    Reply reply = now(watch.deregister(r.parameter("hostId")));
                    access.recordChange(caller, route, r.parameter("hostId"));
                    return reply;
                })
                .get(host + "/tasks", r -> {
                    access.requireHost(r.header("Authorization"), "GET " + host + "/tasks", r.parameter("hostId"));
                    return later(watch.hostTasks(r.parameter("hostId"), r.query()));
                })
                .post(task + "/state", r -> {
                    String taskId = r.parameter("taskId");
                    access.requireTaskAgent(r.header("Authorization"), "POST " + task + "/state", taskId);
                    WatchAnswer answer = watch.taskState(taskId, r.body());
                    if (answer.body() instanceof JsonNode body
                            && "STOPPED"
                                    .equals(body.path("task").path("lastStatus").asText())) {
                        access.taskStopped(taskId);
                    }
                    return now(answer);
                })
                .post(task + "/proxy-key", r -> {
                    AccessKey key = access.issueProxyKey(r.header("Authorization"), r.parameter("taskId"));
                    return Reply.json(
                            200,
                            Json.mapper()
                                    .createObjectNode()
                                    .put("accessKeyId", key.accessKeyId())
                                    .put("secretAccessKey", key.secretAccessKey()));
                })
                .post(task + "/certificate", r -> {
                    String route = "POST " + task + "/certificate";
                    var caller = access.requireOwnProxy(r.header("Authorization"), route, r.parameter("taskId"));
                    Reply reply = now(watch.certificate(r.parameter("taskId"), r.body()));
                    access.recordChange(caller, route, r.parameter("taskId"));
                    return reply;
                })
                .get(task + "/proxy-config", r -> {
                    access.requireTaskProxy(
                            r.header("Authorization"), "GET " + task + "/proxy-config", r.parameter("taskId"));
                    return later(watch.proxyConfig(r.parameter("taskId"), r.query()));
                })
                .get(task + "/hosts", r -> {
                    access.requireTaskAgentOrProxy(
                            r.header("Authorization"), "GET " + task + "/hosts", r.parameter("taskId"));
                    return later(watch.taskHosts(r.parameter("taskId"), r.query()));
                })
                .get("/watch/v1/namespaces/{namespace:[^/]{1,1024}}/endpoints", r -> {
                    access.requireEndpointWatcher(
                            r.header("Authorization"),
                            "GET /watch/v1/namespaces/{namespace}/endpoints",
                            r.parameter("namespace"));
                    return later(watch.namespaceEndpoints(r.parameter("namespace"), r.query()));
                })
                .get(LOAD_BALANCER, r -> {
                    access.requireEndpointWatcher(
                            r.header("Authorization"), "GET " + LOAD_BALANCER, r.parameter("namespace"));
                    return later(watch.loadBalancer(r.parameter("namespace"), r.parameter("discoveryName"), r.query()));
                })
                .post(LOAD_BALANCER + "/certificate", r -> {
                    String route = "POST " + LOAD_BALANCER + "/certificate";
                    var caller = access.requireReader(r.header("Authorization"), route, r.parameter("namespace"));
                    Reply reply = now(watch.loadBalancerCertificate(
                            r.parameter("namespace"), r.parameter("discoveryName"), r.body()));
                    access.recordChange(caller, route, r.parameter("namespace") + "/" + r.parameter("discoveryName"));
                    return reply;
                })
                // Secret values: only the agent of the task's host (or an admin) may read them.
                .get(task + "/secrets", r -> {
                    String taskId = r.parameter("taskId");
                    access.requireTaskAgent(r.header("Authorization"), "GET " + task + "/secrets", taskId);
                    return Reply.json(200, secrets.forTask(taskId));
                })
                .post(task + "/metrics", r -> {
                    access.requireTaskProxy(
                            r.header("Authorization"), "POST " + task + "/metrics", r.parameter("taskId"));
                    pushes.accept(PushSharing.METRICS, r.parameter("taskId"), r.body());
                    return Reply.emptyObject();
                })
                .post(task + "/logs", r -> {
                    access.requireTaskAgent(r.header("Authorization"), "POST " + task + "/logs", r.parameter("taskId"));
                    pushes.accept(PushSharing.LOGS, r.parameter("taskId"), r.body());
                    return Reply.emptyObject();
                })
                .build();
    }

    static Reply now(WatchAnswer answer) {
        return Reply.json(answer.status(), answer.body());
    }

    /** A long-poll's answer later, or a stream of changes. */
    private static Reply later(WatchReply watch) {
        if (watch instanceof WatchReply.Stream stream) {
            return new Reply.Stream(ctx -> WatchStream.start(ctx, stream.heartbeat(), stream.subscribe()), true);
        }
        CompletableFuture<WatchAnswer> answer = ((WatchReply.Poll) watch).answer();
        CompletableFuture<Reply> reply = answer.thenApply(WatchRoutes::now);
        reply.whenComplete((result, error) -> {
            if (reply.isCancelled()) {
                answer.cancel(false); // the client went away: the hub forgets the watcher now
            }
        });
        return new Reply.Later(reply);
    }
}
