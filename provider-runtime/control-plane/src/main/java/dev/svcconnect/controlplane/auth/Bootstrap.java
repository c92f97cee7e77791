package dev.svcconnect.controlplane.auth;

import dev.svcconnect.controlplane.store.Store;
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

    /** The bootstrap admin key of the store, created and written out when it does not exist. */
    public static AccessKey adminKey(Store store, Credentials credentials, Path dataDirectory) {
        AccessKey existing = store.read(tx -> credentials.list(tx).stream()
                .filter(k -> k.identity().role() == Role.ADMIN
                        && NAME.equals(k.identity().name()))
                .findFirst()
                .flatMap(k -> credentials.find(tx, k.identity().accessKeyId()))
                .map(k -> new AccessKey(k.identity(), k.secretAccessKey()))
                .orElse(null));
        if (existing != null) {
            if (!java.nio.file.Files.exists(dataDirectory.resolve(AdminCredentialsFile.FILE_NAME))) {
                AdminCredentialsFile.write(dataDirectory, existing.accessKeyId(), existing.secretAccessKey());
            }
            return existing;
        }
        AccessKey created = store.write(tx -> credentials.createUser(tx, Role.ADMIN, NAME));
        AdminCredentialsFile.write(dataDirectory, created.accessKeyId(), created.secretAccessKey());
        LOG.info(
                "created the admin key {}: {} (profile {})",
                created.accessKeyId(),
                dataDirectory.resolve(AdminCredentialsFile.FILE_NAME),
                AdminCredentialsFile.PROFILE);
        return created;
    }
}
