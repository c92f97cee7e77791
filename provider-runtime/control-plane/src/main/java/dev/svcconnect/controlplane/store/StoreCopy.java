package dev.svcconnect.controlplane.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The store's operations ({@code svc-connect store}): an online backup of the SQLite file, and a
 * copy of every row from one store to another (to move a single-node install to PostgreSQL).
 */
public final class StoreCopy {

    private StoreCopy() {}

    /**
     * Writes a consistent copy of the SQLite store of {@code dataDirectory} to {@code file} while
     * the control plane keeps running ({@code VACUUM INTO}: one read transaction); {@code file}
     * must not exist. The copy is itself a store file: put it as {@code store.db} in a data
     * directory to restore it.
     */
    public static void backup(Path dataDirectory, Path file) {
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(file, "file");
        Path database = dataDirectory.resolve(SqliteStore.FILE_NAME);
        if (!Files.isRegularFile(database)) {
            throw new StoreException("no store at " + database, null);
        }
        if (Files.exists(file)) {
            throw new StoreException("--to " + file + ": exists already (expected: a new file)", null);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=5000");
            statement.execute("VACUUM INTO '" + file.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StoreException("cannot back up " + database + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies every row of every {@link Table} from {@code from} to {@code to} in one write, which
     * refuses a store that holds any row already; returns the number of rows copied. The copy
     * starts its own revision count: stop the control plane of {@code from} before, and point
     * agents and proxies at {@code to} after.
     */
    public static int copy(Store from, Store to) {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        Map<Table, List<ObjectNode>> rows = new EnumMap<>(Table.class);
        Map<Table, List<String[]>> keys = new EnumMap<>(Table.class);
        from.read(tx -> {
            for (Table table : Table.values()) {
                keys.put(table, tx.keys(table));
                rows.put(table, tx.listAll(table));
            }
            return null;
        });
        return to.write(tx -> {
            int copied = 0;
            for (Table table : Table.values()) {
                if (!tx.listAll(table).isEmpty()) {
                    throw new StoreException(
                            "the destination store has " + table.sqlName() + " already (expected: an empty store)",
                            null);
                }
                List<String[]> tableKeys = keys.get(table);
                List<ObjectNode> tableRows = rows.get(table);
                for (int i = 0; i < tableRows.size(); i++) {
                    String[] key = tableKeys.get(i);
                    tx.put(table, key[0], key[1], key[2], tableRows.get(i));
                    copied++;
                }
            }
            return copied;
        });
    }
}
