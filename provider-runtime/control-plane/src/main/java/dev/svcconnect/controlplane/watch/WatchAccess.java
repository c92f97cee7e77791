package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.AuditLog;
import dev.svcconnect.controlplane.auth.AuthErrors;
import dev.svcconnect.controlplane.auth.Authenticator;
import dev.svcconnect.controlplane.auth.Credentials;
import dev.svcconnect.controlplane.auth.Identity;
import dev.svcconnect.controlplane.auth.Role;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.watch.HostRegistered;
import dev.svcconnect.model.watch.HostRegistration;
import java.util.Optional;

/**
 * Who may call which watch route (see {@code docs/watch-api.md}). Every caller sends
 * {@code Authorization: Bearer ACCESS_KEY_ID:SECRET}; an admin key may call every route:
 *
 * <ul>
 *   <li>an agent key: its own host's routes, and the state, logs, hosts file, proxy key and
 *       container secrets of the tasks placed on its host;
 *   <li>a proxy key: its own task's proxy configuration and metrics, and namespace endpoints;
 *   <li>a reader key: namespace endpoints (the host load balancer's key);
 *   <li>{@code POST /watch/v1/hosts} also takes {@code Bearer JOIN_TOKEN}: a new host, or a host id
 *       no agent key is bound to; registering an existing host again needs that host's agent key.
 * </ul>
 *
 * Each refusal is a 403 {@code AccessDeniedException} naming what the caller may do, and a line in
 * the audit log, as are registrations, deregistrations and proxy keys issued.
 */
public final class WatchAccess {

    private final Store store;
    private final Authenticator authenticator;
    private final Credentials credentials;
    private final AuditLog audit;
    private final WatchApi watch;

    public WatchAccess(
            Store store, Authenticator authenticator, Credentials credentials, AuditLog audit, WatchApi watch) {
        this.store = requireNonNull(store, "store");
        this.authenticator = requireNonNull(authenticator, "authenticator");
        this.credentials = requireNonNull(credentials, "credentials");
        this.audit = requireNonNull(audit, "audit");
        this.watch = requireNonNull(watch, "watch");
    }

    /** {@code POST /watch/v1/hosts} with a join token, the host's agent key or an admin key. */
    public WatchAnswer register(String authorization, byte[] body) {
        String route = "POST /watch/v1/hosts";
        HostRegistration request = WatchApi.registration(body);
        String token = bearerValue(authorization);
        if (token != null && !token.contains(":")) {
            return registerWithJoinToken(token, request, route);
        }
        Identity caller = authenticate(authorization, route, request.hostId());
        if (caller.role() == Role.AGENT) {
            if (request.hostId() != null && !request.hostId().equals(caller.hostId())
                    || !request.cluster().equals(caller.cluster())) {
                throw refuse(
                        caller,
                        route,
                        request.hostId(),
                        "register host " + request.hostId() + " in cluster " + request.cluster(),
                        "register only its own host " + caller.hostId() + " in cluster " + caller.cluster());
            }
            HostRegistered registered = watch.registerHost(withHostId(request, caller.hostId()));
            audit.record(caller, null, route, registered.hostId(), "ok");
            return WatchAnswer.ok(registered);
        }
        if (caller.role() != Role.ADMIN) {
            throw refuse(
                    caller,
                    route,
                    request.hostId(),
                    "register a host",
                    caller.role().allowed());
        }
        return admit(caller, null, request, route);
    }

    private WatchAnswer registerWithJoinToken(String token, HostRegistration request, String route) {
        String claimed = "join-token:" + token.substring(0, Math.max(0, token.indexOf('.')));
        Optional<String> cluster = store.read(tx -> credentials.redeemJoinToken(tx, token));
        if (cluster.isEmpty()) {
            audit.record(null, claimed, route, request.hostId(), AuthErrors.UNRECOGNIZED);
            throw new ApiException(
                    AuthErrors.UNRECOGNIZED,
                    403,
                    "The join token is unknown or has expired: create one with "
                            + "'svc-connect join-token create --cluster " + request.cluster() + "'.");
        }
        if (!cluster.get().equals(request.cluster())) {
            audit.record(null, claimed, route, request.hostId(), AuthErrors.ACCESS_DENIED);
            throw new ApiException(
                    AuthErrors.ACCESS_DENIED,
                    403,
                    "This join token joins cluster '" + cluster.get() + "', not '" + request.cluster() + "'.");
        }
        return admit(null, claimed, request, route);
    }

    /** Registers a host and gives it a new agent key, unless its id is bound to another agent's key. */
    private WatchAnswer admit(Identity caller, String claimed, HostRegistration request, String route) {
        if (request.hostId() != null
                && store.read(tx -> credentials.agentOf(tx, request.hostId())).isPresent()
                && (caller == null || caller.role() != Role.ADMIN)) {
            audit.record(caller, claimed, route, request.hostId(), AuthErrors.ACCESS_DENIED);
            throw new ApiException(
                    AuthErrors.ACCESS_DENIED,
                    403,
                    "Host " + request.hostId() + " is bound to another agent's key: registering it again needs "
                            + "that key (DATA/host-credentials of its agent); a join token registers a new host.");
        }
        HostRegistered registered = watch.registerHost(request);
        AccessKey key = store.write(tx -> credentials.createAgent(tx, registered.hostId(), request.cluster()));
        audit.record(caller, claimed, route, registered.hostId(), "ok");
        return WatchAnswer.ok(registered.withKey(key.accessKeyId(), key.secretAccessKey()));
    }

    /** The admin or the agent of {@code hostId}. */
    public Identity requireHost(String authorization, String route, String hostId) {
        Identity caller = authenticate(authorization, route, hostId);
        if (caller.role() == Role.ADMIN || caller.role() == Role.AGENT && hostId.equals(caller.hostId())) {
            return caller;
        }
        throw refuse(caller, route, hostId, "call " + route, caller.role().allowed());
    }

    /** The admin or the agent of the host {@code taskId} is placed on. */
    public Identity requireTaskAgent(String authorization, String route, String taskId) {
        Identity caller = authenticate(authorization, route, taskId);
        if (caller.role() == Role.ADMIN || caller.role() == Role.AGENT && placedOn(taskId, caller.hostId())) {
            return caller;
        }
        throw refuse(caller, route, taskId, "call " + route, caller.role().allowed());
    }

    /** The admin or the proxy of {@code taskId}. */
    public Identity requireTaskProxy(String authorization, String route, String taskId) {
        Identity caller = authenticate(authorization, route, taskId);
        if (caller.role() == Role.ADMIN || caller.role() == Role.PROXY && taskId.equals(caller.taskId())) {
            return caller;
        }
        throw refuse(caller, route, taskId, "call " + route, caller.role().allowed());
    }

    /**
     * The proxy of {@code taskId} and nobody else, not even an admin: a workload certificate is
     * issued only to the sidecar that will hold its key.
     */
    public Identity requireOwnProxy(String authorization, String route, String taskId) {
        Identity caller = authenticate(authorization, route, taskId);
        if (caller.role() == Role.PROXY && taskId.equals(caller.taskId())) {
            return caller;
        }
        throw refuse(caller, route, taskId, "call " + route, "only the proxy key of task " + taskId + " may");
    }

    /** A reader key, the key of a host load balancer, and no other: it is who gets a load balancer's certificate. */
    public Identity requireReader(String authorization, String route, String resource) {
        Identity caller = authenticate(authorization, route, resource);
        if (caller.role() == Role.READER) {
            return caller;
        }
        throw refuse(caller, route, resource, "call " + route, "only a reader key (a host load balancer's) may");
    }

    /** The admin or the agent of the task's host (which reads its alias hosts), or its proxy. */
    public Identity requireTaskAgentOrProxy(String authorization, String route, String taskId) {
        Identity caller = authenticate(authorization, route, taskId);
        if (caller.role() == Role.PROXY && taskId.equals(caller.taskId())) {
            return caller;
        }
        return requireTaskAgent(authorization, route, taskId);
    }

    /** Any key but an agent's: namespace endpoints are what proxies and host load balancers route to. */
    public Identity requireEndpointWatcher(String authorization, String route, String namespace) {
        Identity caller = authenticate(authorization, route, namespace);
        if (caller.role() == Role.AGENT) {
            throw refuse(
                    caller, route, namespace, "call " + route, caller.role().allowed());
        }
        return caller;
    }

    /** {@code POST /watch/v1/tasks/{taskId}/proxy-key}: a new key for the task's sidecar. */
    public AccessKey issueProxyKey(String authorization, String taskId) {
        String route = "POST /watch/v1/tasks/{taskId}/proxy-key";
        Identity caller = requireTaskAgent(authorization, route, taskId);
        AccessKey key = store.write(tx -> credentials.createProxy(tx, taskId));
        audit.record(caller, null, route, taskId, "ok");
        return key;
    }

    /** Deletes the keys of a stopped task's sidecar. */
    public void taskStopped(String taskId) {
        store.write(tx -> {
            credentials.deleteOfTask(tx, taskId);
            return null;
        });
    }

    /** Records a call that changed something. */
    public void recordChange(Identity caller, String route, String resource) {
        audit.record(caller, null, route, resource, "ok");
    }

    private boolean placedOn(String taskId, String hostId) {
        return store.read(tx -> {
            Optional<Host> host = Host.find(tx, hostId);
            return host.isPresent()
                    && Task.find(tx, taskId)
                            .filter(t -> t.occupies(host.get().arn()))
                            .isPresent();
        });
    }

    private Identity authenticate(String authorization, String route, String resource) {
        try {
            return authenticator.bearer(authorization);
        } catch (ApiException e) {
            audit.record(null, Authenticator.claimedKeyId(authorization), route, resource, e.type());
            throw e;
        }
    }

    private ApiException refuse(Identity caller, String route, String resource, String action, String mayDo) {
        audit.record(caller, null, route, resource, AuthErrors.ACCESS_DENIED);
        return AuthErrors.denied(caller, action, mayDo);
    }

    private static String bearerValue(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static HostRegistration withHostId(HostRegistration request, String hostId) {
        return new HostRegistration(
                request.cluster(), hostId, request.launchType(), request.cpu(), request.memory(), request.address());
    }
}
