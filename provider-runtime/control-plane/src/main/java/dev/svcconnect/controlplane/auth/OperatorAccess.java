package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may read the console's JSON, {@code GET /metrics} and the local engine's stack records: on a
 * loopback bind, anyone who can reach it (the machine's users, as before); on any other bind, a
 * reader or admin key as {@code Authorization: Bearer ACCESS_KEY_ID:SECRET} or a console login
 * session ({@link ConsoleSessions}), and an admin key to change a stack record.
 */
public final class OperatorAccess {

    private final Authenticator authenticator;
    private final AuditLog audit;
    private final boolean open;
    private final ConsoleSessions sessions;

    private OperatorAccess(Authenticator authenticator, AuditLog audit, boolean open, ConsoleSessions sessions) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.open = open;
        this.sessions = sessions;
    }

    /** The access of a control plane bound to {@code bind}: open when that is a loopback address. */
    public static OperatorAccess forBind(String bind, Authenticator authenticator, AuditLog audit) {
        return new OperatorAccess(
                requireNonNull(authenticator, "authenticator"),
                requireNonNull(audit, "audit"),
                isLoopback(bind),
                new ConsoleSessions(java.time.Clock.systemUTC()));
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether every caller may read (the bind is loopback). */
    public boolean open() {
        return open;
    }

    /** Checks a read route: a reader or admin key, or a console session, unless the bind is loopback. */
    public void requireReader(String authorization, String cookie, String route) {
        if (open || sessions.find(cookie).isPresent()) {
            return;
        }
        require(authorization, route, false);
    }

    /** Checks a route that changes something: an admin key unless the bind is loopback. */
    public void requireAdmin(String authorization, String route) {
        if (!open) {
            require(authorization, route, true);
        }
    }

    /** Whether a browser with {@code cookie} may see the console: loopback, or a live session. */
    public boolean mayBrowse(String cookie) {
        return open || sessions.find(cookie).isPresent();
    }

    /**
     * {@code POST /console/login}: a session for a reader or admin key, as the {@code Set-Cookie}
     * value of its cookie.
     *
     * @throws ApiException when the key is unknown, its secret wrong, or its role another
     */
    public String login(String accessKeyId, String secretAccessKey) {
        String route = "POST /console/login";
        String authorization = "Bearer " + accessKeyId + ":" + secretAccessKey;
        Identity caller = require(authorization, route, false);
        String id = sessions.open(caller)
                .orElseThrow(() ->
                        new ApiException("ThrottlingException", 429, "Too many console sessions; log in again later."));
        audit.record(caller, null, route, null, "ok");
        return ConsoleSessions.setCookie(id);
    }

    /** {@code POST /console/logout}: ends the session; answers the {@code Set-Cookie} value that clears it. */
    public String logout(String cookie) {
        sessions.close(cookie);
        return ConsoleSessions.clearCookie();
    }

    private Identity require(String authorization, String route, boolean change) {
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
        return caller;
    }
}
