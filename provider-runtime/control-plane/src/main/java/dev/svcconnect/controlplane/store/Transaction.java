package dev.svcconnect.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One unit of work on the store, given to the function passed to {@link Store#read} or
 * {@link Store#write}. Rows are JSON objects; each call returns a fresh copy the caller may change.
 * A read transaction refuses to write, and reads each row set from the database once: asking
 * again (as the watch hub does for every watched key after a commit) copies what it read.
 */
public final class Transaction {

    private final Connection connection;
    private final boolean writable;
    private final long revision;
    private boolean changed;
    private final Map<String, List<ObjectNode>> readRows = new HashMap<>();
    /** What {@link #text} read in a read transaction: the proxy and hosts watches of a task both ask. */
    private final Map<String, List<String>> readTexts = new HashMap<>();

    Transaction(Connection connection, boolean writable, long revision) {
        this.connection = connection;
        this.writable = writable;
        this.revision = revision;
    }

    /**
     * The store revision this transaction sees; in a write, the revision its changes commit as.
     */
    public long revision() {
        return revision;
    }

    public Optional<ObjectNode> get(Table table, String id) {
        List<ObjectNode> rows = query("SELECT body FROM " + table.sqlName() + " WHERE id = ?", id);
        return rows.stream().findFirst();
    }

    /**
     * The JSON text of a row as stored, not parsed: for a caller that keeps what it made of a row
     * while its text stays the same. A read transaction reads it from the database once.
     */
    public Optional<String> text(Table table, String id) {
        String sql = "SELECT body FROM " + table.sqlName() + " WHERE id = ?";
        List<String> texts = writable
                ? selectTexts(sql, id)
                : readTexts.computeIfAbsent(id + '\u0000' + sql, k -> selectTexts(sql, id));
        return texts.stream().findFirst();
    }

    /** The rows of a scope, by id. */
    public List<ObjectNode> list(Table table, String scope) {
        return query("SELECT body FROM " + table.sqlName() + " WHERE scope = ? ORDER BY id", scope);
    }

    /** The rows with a reference, by id. */
    public List<ObjectNode> listByRef(Table table, String ref) {
        return query("SELECT body FROM " + table.sqlName() + " WHERE ref = ? ORDER BY id", ref);
    }

    /** Every row of a table, by id. */
    public List<ObjectNode> listAll(Table table) {
        return query("SELECT body FROM " + table.sqlName() + " ORDER BY id");
    }

    /** The id, scope and ref of every row of a table, by id (as {@link #listAll} orders them). */
    List<String[]> keys(Table table) {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT id, scope, ref FROM " + table.sqlName() + " ORDER BY id")) {
            List<String[]> keys = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    keys.add(new String[] {result.getString(1), result.getString(2), result.getString(3)});
                }
            }
            return keys;
        } catch (SQLException e) {
            throw new StoreException("cannot read the store: " + e.getMessage(), e);
        }
    }

    /** Inserts or replaces a row. */
    public void put(Table table, String id, String scope, String ref, ObjectNode body) {
        requireWritable();
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot serialize a " + table.sqlName() + " row", e);
        }
        update(
                // The upsert both SQLite and PostgreSQL speak.
                "INSERT INTO " + table.sqlName() + " (id, scope, ref, body) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, ref = excluded.ref,"
                        + " body = excluded.body",
                id,
                scope,
                ref,
                json);
    }

    /** Deletes a row; deleting a missing row does nothing. */
    public void delete(Table table, String id) {
        requireWritable();
        update("DELETE FROM " + table.sqlName() + " WHERE id = ?", id);
    }

    boolean changed() {
        return changed;
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("a read transaction cannot write");
        }
        changed = true;
    }

    private List<ObjectNode> query(String sql, String... args) {
        if (writable) {
            return select(sql, args);
        }
        List<ObjectNode> rows =
                readRows.computeIfAbsent(sql + '\u0000' + String.join("\u0000", args), k -> select(sql, args));
        List<ObjectNode> copies = new ArrayList<>(rows.size());
        rows.forEach(row -> copies.add(row.deepCopy()));
        return copies;
    }

    private List<ObjectNode> select(String sql, String... args) {
        List<ObjectNode> rows = new ArrayList<>();
        try {
            for (String text : selectTexts(sql, args)) {
                rows.add((ObjectNode) Json.mapper().readTree(text));
            }
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read the store: " + e.getMessage(), e);
        }
        return rows;
    }

    /** The first column of each row {@code sql} selects: rows' JSON text. */
    private List<String> selectTexts(String sql, String... args) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            List<String> texts = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    texts.add(result.getString(1));
                }
            }
            return texts;
        } catch (SQLException e) {
            throw new StoreException("cannot read the store: " + e.getMessage(), e);
        }
    }

    private void update(String sql, String... args) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write the store: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, String... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setString(i + 1, args[i]);
        }
    }
}
