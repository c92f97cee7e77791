package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import dev.svcconnect.controlplane.api.ecs.Scheduler;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.mesh.MeshCa;
import dev.svcconnect.controlplane.mesh.PrivateCaException;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.controlplane.tls.Pem;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.watch.AssignedTask;
import dev.svcconnect.model.watch.CertificateRequest;
import dev.svcconnect.model.watch.HostRegistered;
import dev.svcconnect.model.watch.HostRegistration;
import dev.svcconnect.model.watch.TaskAssignment;
import dev.svcconnect.model.watch.TaskAssignments;
import dev.svcconnect.model.watch.TaskReport;
import dev.svcconnect.model.watch.WireJson;
import dev.svcconnect.model.watch.WorkloadCertificate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the watch API's host and task routes answer (see {@code docs/watch-api.md}; the routes
 * themselves are listed in {@code dev.svcconnect.controlplane.server.WatchRoutes}). Immediate
 * answers are computed on the caller's thread (never an event loop); long-polls complete later,
 * from the {@link WatchHub}.
 */
public final class WatchApi {

    /** The longest wait a watcher may ask for. */
    public static final int MAX_WAIT_SECONDS = 300;
    /** The wait when a watcher does not say. */
    public static final int DEFAULT_WAIT_SECONDS = 30;
    /** How often an idle stream sends a heartbeat when its watcher does not say. */
    public static final int DEFAULT_HEARTBEAT_SECONDS = 10;

    private static final String INVALID = "InvalidParameterException";

    private final Store store;
    private final Scheduler scheduler;
    private final HostRegistry hosts;
    private final ProxyConfigs proxyConfigs;
    private final WatchHub hub;

    private final MeshCa mesh;

    /** A watch API without a mesh CA: proxy configurations name the default trust domain, no certificate is issued. */
    public WatchApi(Store store, Scheduler scheduler, HostRegistry hosts, WatchHub hub) {
        this(store, scheduler, hosts, hub, null);
    }

    /** A watch API whose mesh CA signs the sidecars' certificates; null for none. */
    public WatchApi(Store store, Scheduler scheduler, HostRegistry hosts, WatchHub hub, MeshCa mesh) {
        this.store = requireNonNull(store, "store");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.hosts = requireNonNull(hosts, "hosts");
        this.hub = requireNonNull(hub, "hub");
        this.mesh = mesh;
        this.proxyConfigs = mesh == null ? new ProxyConfigs() : new ProxyConfigs(mesh.trustDomain());
    }

    /** {@code POST /watch/v1/hosts}: registers a host (again, with its {@code hostId}). */
    public WatchAnswer registerHost(byte[] body) {
        return WatchAnswer.ok(registerHost(registration(body)));
    }

    /** The registration in a request body, checked. */
    static HostRegistration registration(byte[] body) {
        try {
            return read(body, HostRegistration.class).validate();
        } catch (IllegalArgumentException e) {
            throw new ApiException(INVALID, e.getMessage());
        }
    }

    /** {@code POST /watch/v1/hosts/{hostId}/heartbeat}. */
    public WatchAnswer heartbeat(String hostId) {
        return WatchAnswer.ok(heartbeatOf(hostId));
    }

    /** {@code POST /watch/v1/hosts/{hostId}/deregister}. */
    public WatchAnswer deregister(String hostId) {
        return WatchAnswer.ok(deregisterHost(hostId));
    }

    /** {@code GET /watch/v1/hosts/{hostId}/tasks}: watches a host's task assignments. */
    public WatchReply hostTasks(String hostId, Map<String, String> query) {
        return watch("host/" + hostId, tx -> assignments(tx, hostId), query);
    }

    /** {@code POST /watch/v1/tasks/{taskId}/state}: a host agent's report of a task. */
    public WatchAnswer taskState(String taskId, byte[] body) {
        return WatchAnswer.ok(reportState(taskId, read(body, TaskReport.class).validate()));
    }

    /** {@code GET /watch/v1/tasks/{taskId}/proxy-config}: watches a task's proxy configuration. */
    public WatchReply proxyConfig(String taskId, Map<String, String> query) {
        return watch("proxy/" + taskId, tx -> proxyConfigs.forTask(tx, taskId), query);
    }

    /**
     * {@code POST /watch/v1/tasks/{taskId}/certificate}: signs the sidecar's certificate request
     * with the task's workload identities, read from the store now (its service, its namespace).
     */
    public WatchAnswer certificate(String taskId, byte[] body) {
        CertificateRequest request = certificateRequest(body);
        Signing signing = store.read(tx -> {
            Task task = Task.find(tx, taskId).orElseThrow(() -> ProxyConfigs.taskNotFound(taskId));
            if (task.isStopped()) {
                throw new ApiException(INVALID, "Task '" + taskId + "' has stopped: it gets no certificate.");
            }
            return new Signing(
                    proxyConfigs.identitiesOf(tx, taskId),
                    mesh.usesPrivateCa() ? proxyConfigs.privateCaOf(tx, taskId) : Optional.empty(),
                    mesh.usesPrivateCa() ? ProxyConfigs.privateCasInUse(tx) : Set.of());
        });
        if (signing.identities().isEmpty()) {
            throw new ApiException(
                    INVALID, "Task '" + taskId + "' does not use Service Connect: it has no workload identity.");
        }
        return sign(request, signing);
    }

    /** What a certificate names, who signs it (a private CA, or the mesh CA), and which private CAs to trust. */
    private record Signing(
            List<WorkloadIdentity> identities, Optional<String> privateCaArn, Set<String> privateCasInUse) {}

    /**
     * {@code GET /watch/v1/namespaces/{namespace}/load-balancers/{discoveryName}}: watches what the
     * host load balancer of a discovery name follows.
     */
    public WatchReply loadBalancer(String namespace, String discoveryName, Map<String, String> query) {
        return watch(
                "load-balancer/" + namespace + "/" + discoveryName,
                tx -> proxyConfigs.loadBalancer(tx, hosts.defaultRegion(), namespace, discoveryName),
                query);
    }

    /**
     * {@code POST /watch/v1/namespaces/{namespace}/load-balancers/{discoveryName}/certificate}:
     * signs a host load balancer's request with its identity, {@code load-balancer-DISCOVERY_NAME}.
     */
    public WatchAnswer loadBalancerCertificate(String namespace, String discoveryName, byte[] body) {
        CertificateRequest request = certificateRequest(body);
        Signing signing = store.read(tx -> new Signing(
                List.of(proxyConfigs.loadBalancerIdentity(tx, hosts.defaultRegion(), namespace, discoveryName)),
                Optional.empty(),
                mesh.usesPrivateCa() ? ProxyConfigs.privateCasInUse(tx) : Set.of()));
        return sign(request, signing);
    }

    private CertificateRequest certificateRequest(byte[] body) {
        CertificateRequest request = read(body, CertificateRequest.class);
        try {
            request.validate();
        } catch (IllegalArgumentException e) {
            throw new ApiException(INVALID, e.getMessage());
        }
        if (mesh == null) {
            throw new ApiException("ServiceUnavailableException", 503, "This control plane runs no mesh CA.");
        }
        return request;
    }

    private WatchAnswer sign(CertificateRequest request, Signing signing) {
        List<WorkloadIdentity> identities = signing.identities();
        MeshCa.Issued issued;
        try {
            issued = mesh.issue(request.csr(), identities, signing.privateCaArn(), signing.privateCasInUse());
        } catch (IllegalArgumentException e) {
            throw new ApiException(INVALID, e.getMessage());
        } catch (PrivateCaException e) {
            throw new ApiException("PrivateCaUnavailableException", 503, e.getMessage());
        }
        return WatchAnswer.ok(new WorkloadCertificate(
                identities.stream().map(WorkloadIdentity::uri).toList(),
                Pem.encode(issued.chain().toArray()),
                Pem.encode(issued.trustBundle().toArray()),
                issued.certificate().getNotAfter().toInstant().getEpochSecond()));
    }

    /** {@code GET /watch/v1/tasks/{taskId}/hosts}: watches a task's client alias hosts. */
    public WatchReply taskHosts(String taskId, Map<String, String> query) {
        return watch("hosts/" + taskId, tx -> proxyConfigs.hostsForTask(tx, taskId), query);
    }

    /** {@code GET /watch/v1/namespaces/{namespace}/endpoints}: watches a namespace's endpoints. */
    public WatchReply namespaceEndpoints(String namespace, Map<String, String> query) {
        return watch(
                "endpoints/" + namespace,
                tx -> proxyConfigs.namespaceEndpoints(tx, hosts.defaultRegion(), namespace),
                query);
    }

    /**
     * Registers a host whose registration the caller has read and admitted. The registration is a
     * heartbeat for every replica: a leader that counted the host lost on the heartbeats it knew
     * would otherwise count it lost again at once.
     */
    HostRegistered registerHost(HostRegistration request) {
        ObjectNode host = store.write(tx -> hosts.register(
                tx,
                request.cluster(),
                request.hostId(),
                request.launchType(),
                request.cpu(),
                request.memory(),
                request.address()));
        String arn = host.get("containerInstanceArn").asText();
        String hostId = arn.substring(arn.lastIndexOf('/') + 1);
        store.recordHeartbeat(hostId, hosts.heartbeat(hostId));
        return new HostRegistered(hostId, arn, HostRegistry.HEARTBEAT_INTERVAL.toSeconds());
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

    private ObjectNode heartbeatOf(String hostId) {
        boolean known =
                store.read(tx -> Host.find(tx, hostId).filter(Host::isActive).isPresent());
        if (!known) {
            throw hostNotFound(hostId);
        }
        store.recordHeartbeat(hostId, hosts.heartbeat(hostId));
        return Json.mapper().createObjectNode();
    }

    /** What a host runs: its tasks that have not stopped, each with its task definition. */
    private TaskAssignments assignments(Transaction tx, String hostId) {
        Host host = Host.find(tx, hostId).orElseThrow(() -> hostNotFound(hostId));
        List<TaskAssignment> tasks = new ArrayList<>();
        for (Task task : Task.inCluster(tx, host.clusterArn())) {
            if (!task.occupies(host.arn())) {
                continue;
            }
            JsonNode definition = TaskDefinition.find(tx, task.taskDefinitionArn())
                    .map(td -> (JsonNode) td.runWith(task.overrides()))
                    .orElse(null);
            JsonNode serviceConnect = task.deployment(tx)
                    .map(Deployment::serviceConnectConfiguration)
                    .or(() -> ProxyConfigs.clientOnly(task))
                    .orElse(null);
            tasks.add(new TaskAssignment(assignedTask(task), definition, serviceConnect));
        }
        return new TaskAssignments(host.arn(), tasks);
    }

    /** The fields of a stored task that its host needs, and when to start it, if not at once. */
    private static AssignedTask assignedTask(Task task) {
        AssignedTask stored = WireJson.read(task.json(), AssignedTask.class);
        String startAfter = task.attribute(Attributes.START_AFTER);
        return startAfter == null ? stored : stored.startingAfter(Long.parseLong(startAfter));
    }

    private ObjectNode reportState(String taskId, TaskReport report) {
        ObjectNode task = store.write(tx -> {
            Task found = Task.find(tx, taskId).orElseThrow(() -> ProxyConfigs.taskNotFound(taskId));
            return scheduler.applyReport(tx, found.json(), report);
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("task", task);
        return response;
    }

    /**
     * A long-poll, or with {@code stream=true} a stream. A stream's first value is computed here
     * too, so that an unknown task or host is a 404 before the stream starts.
     */
    private WatchReply watch(String key, Function<Transaction, ?> compute, Map<String, String> query) {
        long revision = query.containsKey("revision") ? longParam(query, "revision", 0, Long.MAX_VALUE) : -1;
        if (streamed(query)) {
            long heartbeat = query.containsKey("heartbeatSeconds")
                    ? longParam(query, "heartbeatSeconds", 1, MAX_WAIT_SECONDS)
                    : DEFAULT_HEARTBEAT_SECONDS;
            store.read(compute);
            return new WatchReply.Stream(
                    Duration.ofSeconds(heartbeat), listener -> hub.subscribe(key, compute, revision, listener));
        }
        long wait = query.containsKey("waitSeconds")
                ? longParam(query, "waitSeconds", 0, MAX_WAIT_SECONDS)
                : DEFAULT_WAIT_SECONDS;
        CompletableFuture<Optional<WatchEvent>> watch = hub.watch(key, compute, revision, Duration.ofSeconds(wait));
        CompletableFuture<WatchAnswer> answer = watch.thenApply(
                event -> event.map(e -> WatchAnswer.json(e.json())).orElseGet(WatchAnswer::notModified));
        // A client that goes away cancels the answer; the hub forgets its watcher then, not after the wait.
        answer.whenComplete((result, error) -> {
            if (answer.isCancelled()) {
                watch.cancel(false);
            }
        });
        return new WatchReply.Poll(answer);
    }

    private static boolean streamed(Map<String, String> query) {
        String stream = query.get("stream");
        if (stream == null || stream.equals("false")) {
            return false;
        }
        if (stream.equals("true")) {
            return true;
        }
        throw new ApiException(INVALID, "stream: '" + stream + "' (expected: true or false)");
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

    /** A message of the watch API from a request body: 400 for a body that is not one. */
    private static <T> T read(byte[] body, Class<T> type) {
        JsonNode node;
        try {
            node = body.length == 0
                    ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiException("SerializationException", "The request body is not valid JSON.");
        }
        if (!(node instanceof ObjectNode)) {
            throw new ApiException("SerializationException", "The request body must be a JSON object.");
        }
        try {
            return WireJson.read(node, type);
        } catch (IllegalArgumentException e) {
            throw new ApiException(INVALID, e.getMessage());
        }
    }
}
