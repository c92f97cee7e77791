package dev.svcconnect.controlplane.auth;

import java.time.Instant;

/**
 * A join token as created: {@code ID.SECRET}, shown once.
 *
 * @param token what an agent passes with {@code --join-token}
 * @param cluster the cluster its hosts join
 * @param expires when it stops being accepted
 */
public record JoinToken(String token, String cluster, Instant expires) {

    @Override
    public String toString() {
        return "JoinToken[" + cluster + ", expires " + expires + "]";
    }
}
