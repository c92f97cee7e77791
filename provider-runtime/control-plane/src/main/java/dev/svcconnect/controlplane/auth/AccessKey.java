package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

/**
 * A new access key, the only time its secret is shown.
 *
 * @param identity who it is
 * @param secretAccessKey the secret, 40 characters
 */
public record AccessKey(Identity identity, String secretAccessKey) {

    public AccessKey {
        requireNonNull(identity, "identity");
        requireNonNull(secretAccessKey, "secretAccessKey");
    }

    public String accessKeyId() {
        return identity.accessKeyId();
    }

    /** The bearer token of this key on the watch routes: {@code ACCESS_KEY_ID:SECRET}. */
    public String bearerToken() {
        return accessKeyId() + ":" + secretAccessKey;
    }

    @Override
    public String toString() {
        return "AccessKey[" + identity.describe() + "]";
    }
}
