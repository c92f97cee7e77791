package dev.svcconnect.controlplane.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DATA/audit.log} (mode 0600): one JSON line per mutating call and per refused call, with
 * the time, the caller's access key id and role, the operation (or route), the resource and the
 * outcome ({@code ok} or the error type). Never a secret or a request body: callers pass only
 * names and ids.
 *
 * <pre>{@code
 * {"time":"2026-12-01T12:00:00Z","accessKeyId":"SVCC...","role":"admin","operation":"CreateService","resource":"web","outcome":"ok"}
 * }</pre>
 */
public final class AuditLog {

    /** The file, relative to the data directory. */
    public static final String FILE_NAME = "audit.log";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final Clock clock;

    private AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The audit log of a data directory, created owner-only when missing. */
    public static AuditLog open(Path dataDirectory, Clock clock) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another start created it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit log " + file + ": " + e.getMessage(), e);
        }
        return new AuditLog(file, requireNonNull(clock, "clock"));
    }

    /**
     * Appends one line.
     *
     * @param identity the caller, or null when it could not be authenticated
     * @param accessKeyId the key id the caller claimed when {@code identity} is null, else ignored
     * @param operation the operation or route, e.g. {@code CreateService} or {@code POST /watch/v1/hosts}
     * @param resource what it named (a name or id, never a value), or null
     * @param outcome {@code ok} or the error type
     */
    public void record(Identity identity, String accessKeyId, String operation, String resource, String outcome) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("accessKeyId", identity != null ? identity.accessKeyId() : accessKeyId);
        line.put("role", identity != null ? identity.role().wireName() : null);
        line.put("operation", operation);
        line.put("resource", resource);
        line.put("outcome", outcome);
        try {
            byte[] bytes = (Json.mapper().writeValueAsString(line) + "\n").getBytes(UTF_8);
            synchronized (this) {
                Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            LOG.warn("cannot append to the audit log {}: {}", file, e.getMessage());
        }
    }

    public Path file() {
        return file;
    }
}
