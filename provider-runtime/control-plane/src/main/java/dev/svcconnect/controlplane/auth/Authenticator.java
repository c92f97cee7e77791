package dev.svcconnect.controlplane.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.store.Store;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Who is calling: a SigV4-signed AWS JSON request ({@link #signed}) or a bearer token on the
 * watch routes ({@link #bearer}: {@code Authorization: Bearer ACCESS_KEY_ID:SECRET}, any role).
 */
public final class Authenticator {

    private final Store store;
    private final Credentials credentials;
    private final SigV4Verifier verifier;

    public Authenticator(Store store, Credentials credentials, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.credentials = requireNonNull(credentials, "credentials");
        this.verifier = new SigV4Verifier(clock, this::find);
    }

    private Optional<Credentials.Stored> find(String accessKeyId) {
        return store.read(tx -> credentials.find(tx, accessKeyId));
    }

    /**
     * The identity that signed an AWS JSON 1.1 request for {@code targetPrefix}.
     *
     * @throws dev.svcconnect.controlplane.api.ApiException an authentication error
     */
    public Identity signed(SignedRequest request, String targetPrefix) {
        return verifier.verify(request, SigningNames.of(targetPrefix).orElse(targetPrefix));
    }

    /** The region a request that {@link #signed} accepted is for: its credential scope's. */
    public static String region(SignedRequest request) {
        return SigV4Verifier.scopeRegion(request.header("authorization"));
    }

    /**
     * Checks that {@code identity}'s role may call the AWS JSON operation {@code operation}.
     *
     * @throws dev.svcconnect.controlplane.api.ApiException {@code AccessDeniedException}, naming what it may do
     */
    public static void requireAllowed(Identity identity, String operation) {
        if (!identity.role().mayCall(operation)) {
            throw AuthErrors.denied(
                    identity, "call " + operation, identity.role().allowed());
        }
    }

    /**
     * The identity of a bearer token ({@code Authorization: Bearer ACCESS_KEY_ID:SECRET}).
     *
     * @throws dev.svcconnect.controlplane.api.ApiException {@code MissingAuthenticationTokenException}
     *     without one, {@code UnrecognizedClientException} for an unknown key or a wrong secret
     */
    public Identity bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw AuthErrors.missing(
                    "send 'Authorization: Bearer ACCESS_KEY_ID:SECRET' (an agent's, a proxy's, a reader's or an admin's key).");
        }
        String token = authorization.substring(7).trim();
        int colon = token.indexOf(':');
        if (colon <= 0) {
            throw AuthErrors.unrecognized("a bearer token is ACCESS_KEY_ID:SECRET.");
        }
        String accessKeyId = token.substring(0, colon);
        Credentials.Stored key =
                find(accessKeyId).orElseThrow(() -> AuthErrors.unrecognized("no access key '" + accessKeyId + "'."));
        if (!MessageDigest.isEqual(
                key.secretAccessKey().getBytes(UTF_8),
                token.substring(colon + 1).getBytes(UTF_8))) {
            throw AuthErrors.unrecognized("the secret of '" + accessKeyId + "' does not match.");
        }
        return key.identity();
    }

    /** The access key id a request claims (for the audit line of a refused call), or null. */
    public static String claimedKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        int credential = authorization.indexOf("Credential=");
        if (credential >= 0) {
            int slash = authorization.indexOf('/', credential);
            return slash < 0 ? null : authorization.substring(credential + "Credential=".length(), slash);
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            int colon = authorization.indexOf(':', 7);
            return colon < 0 ? null : authorization.substring(7, colon).trim();
        }
        return null;
    }
}
