package dev.svcconnect.cli;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.StoreCopy;
import dev.svcconnect.controlplane.store.StoreLocation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect store}: operations on the control plane's store ({@code docs/ha.md}): an
 * online backup of the SQLite file, and a copy from one store to another.
 */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = "Back up or copy the control plane's store.",
        subcommands = {StoreCommand.Backup.class, StoreCommand.Copy.class})
final class StoreCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code svc-connect store backup --to FILE}: SQLite's online backup; PostgreSQL has pg_dump. */
    @Command(
            name = "backup",
            mixinStandardHelpOptions = true,
            description = "Write a consistent copy of the SQLite store while the control plane runs"
                    + " (PostgreSQL: use pg_dump, see docs/ha.md).")
    static final class Backup implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(
                names = "--data",
                defaultValue = ".svc-connect",
                paramLabel = "DIR",
                description = "The data directory (default: ${DEFAULT-VALUE}).")
        private Path data;

        @Option(names = "--to", required = true, paramLabel = "FILE", description = "The backup file to create.")
        private Path to;

        @Override
        public Integer call() {
            StoreCopy.backup(data, to);
            spec.commandLine().getOut().println("Backed up " + data.resolve(Store.FILE_NAME) + " to " + to);
            return 0;
        }
    }

    /** {@code svc-connect store copy --from STORE --to STORE}. */
    @Command(
            name = "copy",
            mixinStandardHelpOptions = true,
            description = "Copy every resource from one store to an empty one, e.g. a single-node install to"
                    + " PostgreSQL; stop the control plane of --from first.")
    static final class Copy implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(
                names = "--from",
                required = true,
                paramLabel = "STORE",
                description = "sqlite:DIR (a data directory) or jdbc:postgresql://HOST:PORT/DB?user=U[&password=P].")
        private String from;

        @Option(names = "--to", required = true, paramLabel = "STORE", description = "As --from; must be empty.")
        private String to;

        @Override
        public Integer call() {
            try (Store source = open("--from", from);
                    Store destination = open("--to", to)) {
                int copied = StoreCopy.copy(source, destination);
                spec.commandLine()
                        .getOut()
                        .println("Copied " + copied + " rows from " + source.describe() + " to "
                                + destination.describe());
            }
            return 0;
        }

        private static Store open(String option, String store) {
            if (store.startsWith("sqlite:")) {
                return Store.open(Path.of(store.substring("sqlite:".length())));
            }
            if (store.equals("sqlite")) {
                throw new IllegalArgumentException(option + ": sqlite needs its data directory: sqlite:DIR");
            }
            return Store.open(StoreLocation.parse(store, null, System.getenv()), null, "store-copy");
        }
    }
}
