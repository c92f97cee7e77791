package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Whether and how the control plane serves TLS: {@link #off()} (plain HTTP, loopback only),
 * {@link #generated()} (a server certificate issued at each start by a CA kept in
 * {@code DATA/tls/}, created at first start), or {@link #files} (a PEM certificate chain and key).
 *
 * @param mode which of the three
 * @param certificate the PEM certificate chain, for {@link Mode#FILES}; else null
 * @param key the PEM private key, for {@link Mode#FILES}; else null
 */
public record TlsSettings(Mode mode, Path certificate, Path key) {

    /** The three ways. */
    public enum Mode {
        OFF,
        GENERATED,
        FILES
    }

    public TlsSettings {
        requireNonNull(mode, "mode");
        if ((mode == Mode.FILES) != (certificate != null && key != null)) {
            throw new IllegalArgumentException(
                    "tls: a certificate and a key go together with mode FILES, and only with it (got mode " + mode
                            + ", certificate " + certificate + ", key " + key + ")");
        }
    }

    public static TlsSettings off() {
        return new TlsSettings(Mode.OFF, null, null);
    }

    public static TlsSettings generated() {
        return new TlsSettings(Mode.GENERATED, null, null);
    }

    public static TlsSettings files(Path certificate, Path key) {
        return new TlsSettings(Mode.FILES, requireNonNull(certificate, "certificate"), requireNonNull(key, "key"));
    }

    /** Whether the server speaks TLS. */
    public boolean enabled() {
        return mode != Mode.OFF;
    }
}
