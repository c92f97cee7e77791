package dev.svcconnect.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A PostgreSQL database of a test's own, created on a server that trusts the {@code postgres}
 * user on loopback (the project's machines and CI run PostgreSQL 15 at {@value #DEFAULT_PORT}) with
 * Debian's {@code psql}, and dropped by {@link #close}. A test that needs PostgreSQL and finds none
 * fails with that reason: it never skips.
 */
public final class TestDatabase implements AutoCloseable {

    /** Where the machine's PostgreSQL listens. */
    public static final int DEFAULT_PORT = 5432;

    private final int port;
    private final String name;

    private TestDatabase(int port, String name) {
        this.port = port;
        this.name = name;
    }

    /** A new database on the machine's PostgreSQL. */
    public static TestDatabase create() {
        return create(DEFAULT_PORT);
    }

    /** A new database on the PostgreSQL at 127.0.0.1:{@code port}. */
    public static TestDatabase create(int port) {
        String name = "svcc_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        Programs.Result created = psql(port, "CREATE DATABASE " + name);
        if (created.exitCode() != 0) {
            throw new IllegalStateException("this test needs PostgreSQL at 127.0.0.1:" + port
                    + " (trust authentication for user postgres; README.md says how to start one): "
                    + created.err().strip());
        }
        return new TestDatabase(port, name);
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** The port of its server. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/NAME?user=postgres}, the control plane's {@code --store}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    /** Runs one SQL statement in this database with {@code psql} and returns what it printed (unaligned). */
    public String sql(String statement) {
        Programs.Result result = Programs.run(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                name,
                "-AtX",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                statement);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    "psql " + statement + ": " + result.err().strip());
        }
        return result.out().strip();
    }

    @Override
    public void close() {
        psql(port, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static Programs.Result psql(int port, String statement) {
        return Programs.run(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-AtX",
                "-c",
                statement);
    }
}
