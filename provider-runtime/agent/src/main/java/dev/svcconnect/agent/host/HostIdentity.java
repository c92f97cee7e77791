package dev.svcconnect.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host id the control plane gave this data directory's agent, kept in {@code DATA/host-id} so
 * that the next agent on the same directory (an upgrade, a restart after a crash) registers as the
 * same container instance and takes over its tasks instead of joining as a new host.
 */
final class HostIdentity {

    /** The file name in the data directory. */
    static final String FILE = "host-id";
    /** The host's agent key, {@code ACCESS_KEY_ID:SECRET}, mode 0600. */
    static final String KEY_FILE = "host-credentials";

    private static final Pattern HOST_ID = Pattern.compile("[0-9a-f]{17,64}");

    private HostIdentity() {}

    /** The host id kept in {@code data}; empty when there is none or it is not a host id. */
    static Optional<String> read(Path data) {
        Path file = data.resolve(FILE);
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            return HOST_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The host's agent key kept in {@code data} ({@code ACCESS_KEY_ID:SECRET}), if any. */
    static Optional<String> readKey(Path data) {
        try {
            String key = Files.readString(data.resolve(KEY_FILE), StandardCharsets.UTF_8)
                    .strip();
            return key.contains(":") ? Optional.of(key) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps the host's agent key in {@code data}, owner-only, replacing the one kept before atomically. */
    static void writeKey(Path data, String accessKeyId, String secretAccessKey) throws IOException {
        Path temporary = data.resolve(KEY_FILE + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(
                temporary,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, accessKeyId + ":" + secretAccessKey + "\n", StandardCharsets.UTF_8);
        Files.move(
                temporary, data.resolve(KEY_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Keeps {@code hostId} in {@code data}, replacing the one kept before atomically. */
    static void write(Path data, String hostId) throws IOException {
        if (!HOST_ID.matcher(hostId).matches()) {
            throw new IllegalArgumentException("hostId: '" + hostId + "' (expected: 17-64 of 0-9 and a-f)");
        }
        Path temporary = data.resolve(FILE + ".tmp");
        Files.writeString(temporary, hostId + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, data.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
