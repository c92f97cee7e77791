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
     * The bootstrap admin key of the store, created and written out when it does not exist. Replicas
     * starting together on one database create it once: the write transaction looks again, and
     * writes take turns.
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
        if (!java.nio.file.Files.exists(dataDirectory.resolve(AdminCredentialsFile.FILE_NAME))) {
            AdminCredentialsFile.write(dataDirectory, existing.accessKeyId(), existing.secretAccessKey());
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
