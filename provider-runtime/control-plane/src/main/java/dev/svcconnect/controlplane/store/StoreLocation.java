package dev.svcconnect.controlplane.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the store lives, as {@code svc-connect control-plane --store} names it: {@code sqlite} (the
 * default: {@code store.db} in the data directory) or {@code
 * jdbc:postgresql://HOST:PORT/DB?user=U[&password=P]}. The password comes from the URL, else from
 * a password file, else from {@code PGPASSWORD}.
 *
 * @param jdbcUrl the JDBC URL without {@code user} and {@code password}; null for SQLite
 * @param user the database user; null for SQLite
 * @param password the user's password, or null (trust or peer authentication)
 */
public record StoreLocation(String jdbcUrl, String user, String password) {

    /** The SQLite file of the data directory. */
    public static final StoreLocation SQLITE = new StoreLocation(null, null, null);

    private static final String POSTGRESQL = "jdbc:postgresql://";

    /**
     * Reads {@code --store}: {@code null} or {@code sqlite} for SQLite, else a PostgreSQL JDBC URL.
     *
     * @param passwordFile a file whose first line is the password, or null
     * @param environment where {@code PGPASSWORD} is looked up
     */
    public static StoreLocation parse(String value, Path passwordFile, Map<String, String> environment) {
        if (value == null || value.isBlank() || value.equals("sqlite")) {
            return SQLITE;
        }
        if (!value.startsWith(POSTGRESQL)) {
            throw new IllegalArgumentException("--store: '" + value
                    + "' (expected: sqlite, or jdbc:postgresql://HOST:PORT/DB?user=USER[&password=PASSWORD])");
        }
        int question = value.indexOf('?');
        String base = question < 0 ? value : value.substring(0, question);
        String user = null;
        String password = null;
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String parameter : value.substring(question + 1).split("&")) {
                if (parameter.startsWith("user=")) {
                    user = parameter.substring("user=".length());
                } else if (parameter.startsWith("password=")) {
                    password = parameter.substring("password=".length());
                } else if (!parameter.isEmpty()) {
                    kept.add(parameter);
                }
            }
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException(
                    "--store: the PostgreSQL URL names no user (expected: ...?user=USER[&password=PASSWORD])");
        }
        if (password == null && passwordFile != null) {
            password = readPassword(passwordFile);
        }
        if (password == null) {
            password = environment.get("PGPASSWORD");
        }
        String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
        return new StoreLocation(url, user, password);
    }

    /** Whether this is the SQLite file of the data directory. */
    public boolean isSqlite() {
        return jdbcUrl == null;
    }

    /** The location without the password, for logs. */
    public String describe() {
        return isSqlite() ? "sqlite" : jdbcUrl.substring("jdbc:".length()) + " (user " + user + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String readPassword(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("");
        } catch (IOException e) {
            throw new IllegalArgumentException("--store-password-file: cannot read " + file + ": " + e.getMessage());
        }
    }
}
