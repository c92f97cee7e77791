package dev.svcconnect.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own, on a free loopback port under {@code /tmp}, made with
 * Debian's {@code initdb} and run with {@code pg_ctl} as the {@code postgres} user, for tests that
 * stop and start the database (the machine's shared PostgreSQL serves other tests). {@link #close}
 * stops it and deletes its files.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path directory;
    private final Path bin;
    private final int port;
    private final String listenAddresses;

    private PrivatePostgres(Path directory, Path bin, int port, String listenAddresses) {
        this.directory = directory;
        this.bin = bin;
        this.port = port;
        this.listenAddresses = listenAddresses;
    }

    /** Creates and starts a cluster trusting {@code postgres} on loopback. */
    public static PrivatePostgres start() {
        return start(null, null);
    }

    /**
     * Creates and starts a cluster that trusts {@code postgres} on loopback and also listens on
     * {@code address} (of this host, such as a veth's), where it admits clients from {@code clients}
     * (a CIDR) with a password (SCRAM), as a database in another network would.
     */
    public static PrivatePostgres startListeningOn(String address, String clients) {
        return start(address, clients);
    }

    private static PrivatePostgres start(String address, String clients) {
        Path bin = binaries();
        try {
            Path directory = Files.createTempDirectory(Path.of("/tmp"), "svcc-pg-");
            require(Programs.run("chown", "postgres", directory.toString()), "chown");
            PrivatePostgres postgres = new PrivatePostgres(
                    directory, bin, FreePorts.next(), address == null ? "127.0.0.1" : "127.0.0.1," + address);
            require(
                    postgres.asPostgres(
                            "initdb", "-D", postgres.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-N"),
                    "initdb");
            if (clients != null) {
                Files.writeString(
                        Path.of(postgres.data(), "pg_hba.conf"),
                        "host all all " + clients + " scram-sha-256\n",
                        StandardOpenOption.APPEND);
            }
            postgres.resume();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Stops the server (fast: open sessions are ended). */
    public void stop() {
        require(asPostgres("pg_ctl", "-D", data(), "-w", "-m", "fast", "stop"), "pg_ctl stop");
    }

    /** Starts the server again. */
    public void resume() {
        require(
                asPostgres(
                        "pg_ctl",
                        "-D",
                        data(),
                        "-l",
                        directory.resolve("log").toString(),
                        "-w",
                        "-o",
                        "-p " + port + " -k " + directory + " -c listen_addresses=" + listenAddresses + " -c fsync=off",
                        "start"),
                "pg_ctl start");
    }

    @Override
    public void close() {
        asPostgres("pg_ctl", "-D", data(), "-w", "-m", "immediate", "stop");
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String data() {
        return directory.resolve("data").toString();
    }

    private Programs.Result asPostgres(String program, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        return Programs.run(command);
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparing(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "this test needs Debian's PostgreSQL server binaries (apt-get install postgresql): " + e, e);
        }
    }

    private static void require(Programs.Result result, String what) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(what + " failed: " + result.err().strip() + " "
                    + result.out().strip());
        }
    }
}
