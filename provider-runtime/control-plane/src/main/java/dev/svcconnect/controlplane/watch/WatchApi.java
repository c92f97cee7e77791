package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import dev.svcconnect.controlplane.api.ecs.Scheduler;
import dev.svcconnect.controlplane.api.ecs.TaskReport;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes of the watch API under {@code /watch/v1/} (see {@code docs/watch-api.md}).
 * Immediate answers are computed on the caller's thread (never an event loop); long-polls
 * complete later, from the {@link WatchHub}.
 */
public final class WatchApi {

    /** The longest wait a watcher may ask for. */
    public static final int MAX_WAIT_SECONDS = 300;
    /** The wait when a watcher does not say. */
    public static final int DEFAULT_WAIT_SECONDS = 30;

    private static final Pattern HOSTS = Pattern.compile("/watch/v1/hosts");
    private static final Pattern HEARTBEAT = Pattern.compile("/watch/v1/hosts/([0-9a-f]{1,64})/heartbeat");
    private static final Pattern DEREGISTER = Pattern.compile("/watch/v1/hosts/([0-9a-f]{1,64})/deregister");
    private static final Pattern HOST_TASKS = Pattern.compile("/watch/v1/hosts/([0-9a-f]{1,64})/tasks");
    private static final Pattern TASK_STATE = Pattern.compile("/watch/v1/tasks/([0-9a-f]{1,64})/state");
    private static final Pattern PROXY_CONFIG = Pattern.compile("/watch/v1/tasks/([0-9a-f]{1,64})/proxy-config");
    private static final Pattern TASK_HOSTS = Pattern.compile("/watch/v1/tasks/([0-9a-f]{1,64})/hosts");
    private static final Pattern ENDPOINTS = Pattern.compile("/watch/v1/namespaces/([^/]{1,1024})/endpoints");
    private static final String INVALID = "InvalidParameterException";

    private final Store store;
    private final Scheduler scheduler;
    private final HostRegistry hosts;
    private final ProxyConfigs proxyConfigs;
    private final WatchHub hub;

    public WatchApi(Store store, Scheduler scheduler, HostRegistry hosts, WatchHub hub) {
        this.store = requireNonNull(store, "store");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.hosts = requireNonNull(hosts, "hosts");
        this.hub = requireNonNull(hub, "hub");
        this.proxyConfigs = new ProxyConfigs();
    }

    /**
     * Answers one request.
     *
     * @param method {@code GET} or {@code POST}
     * @param path the path, without the query
     * @param query the query parameters
     * @param body the request body (JSON), possibly empty
     * @throws ApiException for a request that is wrong (its status says how)
     */
    public CompletableFuture<WatchAnswer> handle(String method, String path, Map<String, String> query, byte[] body) {
        Matcher m;
        if (HOSTS.matcher(path).matches()) {
            requireMethod(method, "POST", path);
            return done(registerHost(params(body)));
        }
        if ((m = HEARTBEAT.matcher(path)).matches()) {
            requireMethod(method, "POST", path);
            return done(heartbeat(m.group(1)));
        }
        if ((m = DEREGISTER.matcher(path)).matches()) {
            requireMethod(method, "POST", path);
            return done(deregisterHost(m.group(1)));
        }
        if ((m = HOST_TASKS.matcher(path)).matches()) {
            requireMethod(method, "GET", path);
            String hostId = m.group(1);
            return watch("host/" + hostId, tx -> assignments(tx, hostId), query);
        }
        if ((m = TASK_STATE.matcher(path)).matches()) {
            requireMethod(method, "POST", path);
            return done(reportState(m.group(1), params(body)));
        }
        if ((m = PROXY_CONFIG.matcher(path)).matches()) {
            requireMethod(method, "GET", path);
            String taskId = m.group(1);
            return watch("proxy/" + taskId, tx -> proxyConfigs.forTask(tx, taskId), query);
        }
        if ((m = TASK_HOSTS.matcher(path)).matches()) {
            requireMethod(method, "GET", path);
            String taskId = m.group(1);
            return watch("hosts/" + taskId, tx -> proxyConfigs.hostsForTask(tx, taskId), query);
        }
        if ((m = ENDPOINTS.matcher(path)).matches()) {
            requireMethod(method, "GET", path);
            String namespace = m.group(1);
            return watch("endpoints/" + namespace, tx -> proxyConfigs.namespaceEndpoints(tx, namespace), query);
        }
        throw new ApiException("UnknownOperationException", 404, "No watch API route " + method + " " + path + ".");
    }

    private ObjectNode registerHost(Params request) {
        String cluster = request.requiredString("cluster");
        String hostId = request.string("hostId");
        if (hostId != null && !hostId.matches("[0-9a-f]{17,64}")) {
            throw request.invalid(
                    "hostId", "'" + hostId + "' (expected: 17-64 of 0-9 and a-f, as answered by a registration)");
        }
        String launchType = request.string("launchType") == null ? "EC2" : request.string("launchType");
        if (!launchType.equals("EC2") && !launchType.equals("FARGATE")) {
            throw request.invalid("launchType", "'" + launchType + "' (expected one of: EC2, FARGATE)");
        }
        int cpu = request.integer("cpu", 2048);
        int memory = request.integer("memory", 4096);
        if (cpu < 1 || memory < 1) {
            throw request.invalid(cpu < 1 ? "cpu" : "memory", (cpu < 1 ? cpu : memory) + " (expected: 1 or more)");
        }
        Host host = Host.of(store.write(
                tx -> hosts.register(tx, cluster, hostId, launchType, cpu, memory, request.string("address"))));
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("hostId", host.id());
        response.put("containerInstanceArn", host.arn());
        response.put("heartbeatIntervalSeconds", HostRegistry.HEARTBEAT_INTERVAL.toSeconds());
        return response;
    }

    private ObjectNode deregisterHost(String hostId) {
        ObjectNode host = store.write(tx -> {
            Host found = Host.find(tx, hostId).orElseThrow(() -> hostNotFound(hostId));
            return hosts.deregister(tx, found.clusterArn(), hostId, true);
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("containerInstance", host);
        return response;
    }

    private static ApiException hostNotFound(String hostId) {
        return new ApiException(
                "HostNotFoundException", 404, "Host '" + hostId + "' is not registered; register it again.");
    }

    private ObjectNode heartbeat(String hostId) {
        boolean known =
                store.read(tx -> Host.find(tx, hostId).filter(Host::isActive).isPresent());
        if (!known) {
            throw hostNotFound(hostId);
        }
        hosts.heartbeat(hostId);
        return Json.mapper().createObjectNode();
    }

    /** What a host runs: its tasks that have not stopped, each with its task definition. */
    private ObjectNode assignments(Transaction tx, String hostId) {
        Host host = Host.find(tx, hostId).orElseThrow(() -> hostNotFound(hostId));
        ObjectNode value = Json.mapper().createObjectNode();
        value.put("containerInstanceArn", host.arn());
        var tasks = value.putArray("tasks");
        for (Task task : Task.inCluster(tx, host.cluster())) {
            if (task.occupies(host.arn())) {
                tasks.add(assignment(tx, task));
            }
        }
        return value;
    }

    /**
     * One task of a host: the task's own fields, its task definition and its deployment's Service
     * Connect configuration.
     */
    private static ObjectNode assignment(Transaction tx, Task task) {
        ObjectNode assignment = Json.mapper().createObjectNode();
        ObjectNode summary = assignment.putObject("task");
        for (String field : List.of(
                "taskArn",
                "clusterArn",
                "taskDefinitionArn",
                "group",
                "startedBy",
                "desiredStatus",
                "launchType",
                "cpu",
                "memory")) {
            if (task.json().has(field)) {
                summary.set(field, task.json().get(field));
            }
        }
        String startAfter = task.attribute(Attributes.START_AFTER);
        if (startAfter != null) {
            summary.put("startAfter", Long.parseLong(startAfter));
        }
        TaskDefinition.find(tx, task.taskDefinitionArn())
                .ifPresent(td -> assignment.set("taskDefinition", td.runWith(task.overrides())));
        task.deployment(tx)
                .map(Deployment::serviceConnectConfiguration)
                .or(() -> ProxyConfigs.clientOnly(task))
                .ifPresent(sc -> assignment.set("serviceConnectConfiguration", sc));
        return assignment;
    }

    private ObjectNode reportState(String taskId, Params request) {
        Map<String, Integer> ingressPorts = new LinkedHashMap<>();
        Params ports = request.object("ingressPorts");
        if (ports != null) {
            ports.node().fieldNames().forEachRemaining(name -> {
                Integer port = ports.integer(name);
                if (port == null || port < 1 || port > 65535) {
                    throw ports.invalid(name, port + " (expected: 1-65535)");
                }
                ingressPorts.put(name, port);
            });
        }
        TaskReport report;
        try {
            report = new TaskReport(
                    request.requiredString("lastStatus"),
                    request.string("address"),
                    request.string("appAddress"),
                    ingressPorts,
                    request.string("healthStatus"),
                    request.string("stoppedReason"),
                    request.integer("exitCode"),
                    request.string("aliasPrefix"),
                    request.string("adminAddress"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(INVALID, e.getMessage());
        }
        ObjectNode task = store.write(tx -> {
            Task found = Task.find(tx, taskId).orElseThrow(() -> ProxyConfigs.taskNotFound(taskId));
            return scheduler.applyReport(tx, found.json(), report);
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("task", task);
        return response;
    }

    private <T> CompletableFuture<WatchAnswer> watch(
            String key, Function<Transaction, T> compute, Map<String, String> query) {
        long revision = query.containsKey("revision") ? longParam(query, "revision", 0, Long.MAX_VALUE) : -1;
        long wait = query.containsKey("waitSeconds")
                ? longParam(query, "waitSeconds", 0, MAX_WAIT_SECONDS)
                : DEFAULT_WAIT_SECONDS;
        return hub.watch(key, compute, revision, Duration.ofSeconds(wait))
                .thenApply(result -> result.map(WatchAnswer::ok).orElseGet(WatchAnswer::notModified));
    }

    private static long longParam(Map<String, String> query, String name, long min, long max) {
        String raw = query.get(name);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiException(INVALID, name + ": '" + raw + "' (expected: a number " + min + "-" + max + ")");
        }
        if (value < min || value > max) {
            throw new ApiException(INVALID, name + ": " + value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    private static Params params(byte[] body) {
        try {
            JsonNode node = body.length == 0
                    ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(body);
            if (!(node instanceof ObjectNode object)) {
                throw new ApiException("SerializationException", "The request body must be a JSON object.");
            }
            return new Params(object, INVALID);
        } catch (IOException e) {
            throw new ApiException("SerializationException", "The request body is not valid JSON.");
        }
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!expected.equals(method)) {
            throw new ApiException(
                    "MethodNotAllowedException", 405, path + " answers " + expected + ", not " + method + ".");
        }
    }

    private static CompletableFuture<WatchAnswer> done(Object body) {
        return CompletableFuture.completedFuture(WatchAnswer.ok(body));
    }
}
