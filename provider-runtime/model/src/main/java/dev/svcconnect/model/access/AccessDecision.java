package dev.svcconnect.model.access;

/**
 * What an access policy answers for one caller.
 *
 * @param allowed whether the caller may call the service
 * @param caller the caller as the policy saw it: its SPIFFE ID, or {@value #UNKNOWN_CALLER}
 * @param reason one sentence naming the caller, the service and what is allowed; for a log line,
 *     a 403's body or a gRPC status message
 */
public record AccessDecision(boolean allowed, String caller, String reason) {

    /** The caller of a connection without a verified identity (mutual TLS off). */
    public static final String UNKNOWN_CALLER = "unknown";
}
