package dev.svcconnect.controlplane.auth;

import dev.svcconnect.controlplane.api.ApiException;

/**
 * The AWS error answers of authentication and authorisation. All are 403 and none is a type the
 * AWS SDK for Java v2 or the AWS CLI retries (they retry throttling, 5xx and clock skew; a SigV4
 * refusal only counts as clock skew when the answer's {@code Date} is minutes from the client's).
 */
public final class AuthErrors {

    public static final String MISSING = "MissingAuthenticationTokenException";
    public static final String UNRECOGNIZED = "UnrecognizedClientException";
    public static final String INVALID_SIGNATURE = "InvalidSignatureException";
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    public static final String ACCESS_DENIED = "AccessDeniedException";

    private AuthErrors() {}

    static ApiException missing(String how) {
        return new ApiException(MISSING, 403, "Missing Authentication Token: " + how);
    }

    static ApiException unrecognized(String why) {
        return new ApiException(UNRECOGNIZED, 403, "The security token included in the request is invalid: " + why);
    }

    static ApiException invalidSignature(String why) {
        return new ApiException(INVALID_SIGNATURE, 403, why);
    }

    static ApiException incomplete(String why) {
        return new ApiException(INCOMPLETE_SIGNATURE, 403, why);
    }

    /** A caller outside its role or scope: names who, what it asked and what it may do. */
    public static ApiException denied(Identity identity, String action, String mayDo) {
        return new ApiException(
                ACCESS_DENIED,
                403,
                identity.describe() + " is not allowed to " + action + "; it may call " + mayDo + ".");
    }
}
