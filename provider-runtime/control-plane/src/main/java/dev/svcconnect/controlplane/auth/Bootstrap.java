package dev.svcconnect.controlplane.auth;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap admin key: created at first start (and again after it was deleted, which is how
 * it is rotated), named {@value #NAME}, and written to {@code DATA/admin-credentials}.
 */
public final class Bootstrap {

    /** The name of the bootstrap admin key. */
    public static final String NAME = "bootstrap";

    private static final Logger LOG = LoggerFactory.getLogger("control-plane");

    private Bootstrap() {}

    /**
     * The bootstrap admin key of the store, created when it does not exist, and written to
     * {@code DATA/admin-credentials} when that file does not hold it already. Replicas starting
     * together on one database create it once (the write transaction looks again, and writes take
     * turns), and each writes the same file: the key the store holds.
     */
    public static AccessKey adminKey(Store store, Credentials credentials, Path dataDirectory) {
        AccessKey existing = store.read(tx -> find(tx, credentials));
        if (existing == null) {
            boolean[] created = new boolean[1];
            existing = store.write(tx -> {
                AccessKey found = find(tx, credentials);
                if (found != null) {
                    return found;
                }
                created[0] = true;
                return credentials.createUser(tx, Role.ADMIN, NAME);
            });
            if (created[0]) {
                AdminCredentialsFile.write(dataDirectory, existing.accessKeyId(), existing.secretAccessKey());
                LOG.info(
                        "created the admin key {}: {} (profile {})",
                        existing.accessKeyId(),
                        dataDirectory.resolve(AdminCredentialsFile.FILE_NAME),
                        AdminCredentialsFile.PROFILE);
                return existing;
            }
        }
        if (!AdminCredentialsFile.holds(dataDirectory, existing.accessKeyId(), existing.secretAccessKey())) {
            // Absent, or left by an earlier key (rotated, or another store): the store's key wins.
            AdminCredentialsFile.write(dataDirectory, existing.accessKeyId(), existing.secretAccessKey());
            LOG.info(
                    "wrote the admin key {} of the store to {}",
                    existing.accessKeyId(),
                    dataDirectory.resolve(AdminCredentialsFile.FILE_NAME));
        }
        return existing;
    }

    private static AccessKey find(Transaction tx, Credentials credentials) {
        return credentials.list(tx).stream()
                .filter(k -> k.identity().role() == Role.ADMIN
                        && NAME.equals(k.identity().name()))
                .findFirst()
                .flatMap(k -> credentials.find(tx, k.identity().accessKeyId()))
                .map(k -> new AccessKey(k.identity(), k.secretAccessKey()))
                .orElse(null);
    }
}
