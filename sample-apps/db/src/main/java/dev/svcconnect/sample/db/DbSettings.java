package dev.svcconnect.sample.db;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.common.BadSettingException;
import dev.svcconnect.sample.common.Env;
import dev.svcconnect.sample.common.LocalHost;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the database server needs: where to listen, where to keep its data, and its one database
 * with its user.
 *
 * @param bind the address to listen on (only that address)
 * @param port the TCP port (0 asks the system for a free one)
 * @param dataDirectory where the database file lives; empty keeps the data in memory
 * @param database the database name clients open
 * @param user the database's administrator user
 * @param password that user's password (may be empty)
 */
public record DbSettings(
        String bind, int port, Optional<Path> dataDirectory, String database, String user, String password) {

    private static final String NAME_PATTERN = "[A-Za-z][A-Za-z0-9_]{0,62}";
    private static final String NAME_RULE = "a letter, then letters, digits or _, at most 63 in all";

    /** Checks every field. */
    public DbSettings {
        requireNonNull(bind, "bind");
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (!requireNonNull(database, "database").matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("database: " + database + " (expected: " + NAME_RULE + ")");
        }
    }

    /**
     * Reads {@code DB_BIND} (default 127.0.0.1), {@code DB_PORT} (9092), {@code DB_DATA_DIR}
     * (unset: in memory), {@code DB_NAME} (items), {@code DB_USER} (sa) and {@code DB_PASSWORD}
     * (empty).
     */
    public static DbSettings from(Env env) {
        String database = env.string("DB_NAME", "items");
        if (!database.matches(NAME_PATTERN)) {
            throw new BadSettingException("DB_NAME: " + database + " (expected: " + NAME_RULE + ")");
        }
        return new DbSettings(
                env.host("DB_BIND", "127.0.0.1"),
                env.port("DB_PORT", 9092),
                env.optional("DB_DATA_DIR").map(Path::of),
                database,
                env.string("DB_USER", "sa"),
                env.raw("DB_PASSWORD", ""));
    }

    /** The JDBC URL a client on this host uses to reach the database served on {@code port}. */
    public String clientUrl(int port) {
        return "jdbc:h2:tcp://" + LocalHost.forUrl(bind) + ":" + port + "/" + remotePath();
    }

    /** The database path a client puts after {@code jdbc:h2:tcp://host:port/}. */
    public String remotePath() {
        return dataDirectory.isPresent() ? database : "mem:" + database;
    }
}
