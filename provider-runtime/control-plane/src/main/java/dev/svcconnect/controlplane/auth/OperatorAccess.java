package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may read the console's JSON, {@code GET /metrics} and the local engine's stack records: on a
 * loopback bind, anyone who can reach it (the machine's users, as before); on any other bind, a
 * reader or admin key as {@code Authorization: Bearer ACCESS_KEY_ID:SECRET}, and an admin key to
 * change a stack record.
 */
public final class OperatorAccess {

    private final Authenticator authenticator;
    private final AuditLog audit;
    private final boolean open;

    private OperatorAccess(Authenticator authenticator, AuditLog audit, boolean open) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.open = open;
    }

    /** The access of a control plane bound to {@code bind}: open when that is a loopback address. */
    public static OperatorAccess forBind(String bind, Authenticator authenticator, AuditLog audit) {
        return new OperatorAccess(
                requireNonNull(authenticator, "authenticator"), requireNonNull(audit, "audit"), isLoopback(bind));
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Checks a read route: a reader or admin key unless the bind is loopback. */
    public void requireReader(String authorization, String route) {
        require(authorization, route, false);
    }

    /** Checks a route that changes something: an admin key unless the bind is loopback. */
    public void requireAdmin(String authorization, String route) {
        require(authorization, route, true);
    }

    private void require(String authorization, String route, boolean change) {
        if (open) {
            return;
        }
        Identity caller;
        try {
            caller = authenticator.bearer(authorization);
        } catch (ApiException e) {
            audit.record(null, Authenticator.claimedKeyId(authorization), route, null, e.type());
            throw e;
        }
        boolean allowed = caller.role() == Role.ADMIN || !change && caller.role() == Role.READER;
        if (!allowed) {
            audit.record(caller, null, route, null, AuthErrors.ACCESS_DENIED);
            throw AuthErrors.denied(caller, "call " + route, caller.role().allowed());
        }
    }
}
