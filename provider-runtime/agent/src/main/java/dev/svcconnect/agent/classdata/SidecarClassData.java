package dev.svcconnect.agent.classdata;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data sharing archive of a host's sidecars: the classes a sidecar loads, parsed and laid
 * out once, mapped by every sidecar that starts afterwards instead of being loaded again. On this
 * project's 2-core machines a sidecar's start to {@code proxy started} takes about 1.8 s of CPU
 * without it and 1.0 s with it, and its pages are shared by every sidecar on the host
 * ({@code docs/proxy.md}, "Class-data sharing").
 *
 * <p>JDK 17 can archive the classes of a running JVM started with
 * {@code -XX:+RecordDynamicDumpInfo} ({@code jcmd PID VM.cds dynamic_dump FILE}), so the archive
 * is made from a real sidecar rather than a rehearsal: the first sidecar the agent starts while
 * there is none records, and once it says {@code proxy started} (its configuration applied, its
 * certificate issued, its listeners open) the agent has it written ({@link #started}). The archive only
 * fits the JDK and the class path it was made with, so its file name carries a digest of both
 * (and of the JVM options); an archive of another JDK or jar is never used, and deleted. Whatever
 * goes wrong (no {@code jcmd} next to {@code java}, a dump that fails, a recording sidecar that
 * exits first) costs only the speed-up: sidecars start without an archive, as before.
 *
 * <p>Thread-safe: tasks start their sidecars on threads of their own.
 */
public final class SidecarClassData {

    private static final Logger log = LoggerFactory.getLogger(SidecarClassData.class);
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(60);
    private static final String SUFFIX = ".jsa";

    private enum State {
        /** No archive yet and no sidecar recording: the next one records. */
        NONE,
        /** A sidecar records; the others start without an archive meanwhile. */
        RECORDING,
        READY,
        /** Off for this agent's life, for a reason logged once. */
        OFF
    }

    /** How one sidecar starts: the options to add after {@code java}, and whether it records. */
    public record Launch(List<String> options, boolean records) {
        public Launch {
            options = List.copyOf(options);
        }
    }

    private final Path archive;
    private final Path jcmd;
    private State state;

    private SidecarClassData(Path archive, Path jcmd, State state) {
        this.archive = archive;
        this.jcmd = jcmd;
        this.state = state;
    }

    /** No archive: every sidecar starts as its command says. */
    public static SidecarClassData off() {
        return new SidecarClassData(null, null, State.OFF);
    }

    /**
     * The archive of the sidecars started with {@code command} ({@code java OPTIONS -cp CLASSPATH
     * MAIN}), kept in {@code directory}. Archives there that belong to another JDK, class path or
     * set of options are deleted.
     */
    public static SidecarClassData in(Path directory, List<String> command) throws IOException {
        requireNonNull(directory, "directory");
        Path java = Path.of(command.get(0));
        Path jcmd = java.resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            log.info("sidecar class-data sharing off: no {} (a JDK's, not a JRE's, java runs the sidecars)", jcmd);
            return off();
        }
        Optional<String> folder = classPath(command).stream()
                .filter(Files::isDirectory)
                .map(Path::toString)
                .findFirst();
        if (folder.isPresent()) {
            log.info(
                    "sidecar class-data sharing off: the class path has a directory ({}); archives take jars only",
                    folder.get());
            return off();
        }
        // Absolute, as the files listed below are compared with it: with a relative --data
        // directory (the local engine's .svc-connect) the archive itself was taken for an old one.
        Path absolute = directory.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        Path archive = absolute.resolve("sidecar-" + digest(java, command) + SUFFIX);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(absolute, "sidecar-*")) {
            for (Path file : old) {
                if (!file.equals(archive)) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return new SidecarClassData(archive, jcmd, Files.isRegularFile(archive) ? State.READY : State.NONE);
    }

    /** The archive's file once it exists. */
    public synchronized Optional<Path> archive() {
        return state == State.READY ? Optional.of(archive) : Optional.empty();
    }

    /**
     * How the next sidecar starts: with the archive when there is one, else recording when no
     * other sidecar does; a launch that records must be followed by {@link #started} or
     * {@link #notStarted}.
     */
    public synchronized Launch next() {
        if (state == State.READY && !Files.isRegularFile(archive)) {
            log.warn("sidecar class-data archive {} is gone; the next sidecar records a new one", archive);
            state = State.NONE;
        }
        return switch (state) {
            case READY -> new Launch(List.of("-XX:SharedArchiveFile=" + archive), false);
            case NONE -> {
                state = State.RECORDING;
                yield new Launch(List.of("-XX:+RecordDynamicDumpInfo"), true);
            }
            case RECORDING, OFF -> new Launch(List.of(), false);
        };
    }

    /** {@code command} with {@code launch}'s options after the program. */
    public static List<String> command(List<String> command, Launch launch) {
        List<String> argv = new ArrayList<>(command.size() + launch.options().size());
        argv.add(command.get(0));
        argv.addAll(launch.options());
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    /** The recording sidecar did not start: the next one records instead. */
    public synchronized void notStarted(Launch launch) {
        if (launch.records() && state == State.RECORDING) {
            state = State.NONE;
        }
    }

    /**
     * The sidecar of {@code launch} said {@code proxy started}; when it records, its classes are
     * archived now, before the task's containers start. Archiving stops the sidecar's JVM while
     * it writes (0.3 s idle, 0.75 s on a busy machine), so it is done while the task is not yet
     * registered and its application not yet running: the pause meets no traffic, and the host's
     * first task starts that much later, once.
     */
    public void started(Launch launch, ProcessHandle sidecar) {
        if (!launch.records()) {
            return;
        }
        State next = State.OFF;
        try {
            next = dump(sidecar) ? State.READY : State.NONE;
        } catch (InterruptedException e) {
            next = State.NONE;
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("sidecar class-data archive not made (sidecars start without one): {}", e.getMessage());
        } finally {
            synchronized (this) {
                state = next;
            }
        }
    }

    /**
     * Has the sidecar write its classes to a file of its own, then moves that file into place:
     * a sidecar never maps a half-written archive. Answers false when the sidecar went away first.
     */
    private boolean dump(ProcessHandle sidecar) throws IOException, InterruptedException {
        if (!sidecar.isAlive()) {
            return false;
        }
        long started = System.nanoTime();
        Path partial = archive.resolveSibling(archive.getFileName() + "." + sidecar.pid() + ".partial");
        Files.deleteIfExists(partial);
        Process process = new ProcessBuilder(
                        jcmd.toString(), Long.toString(sidecar.pid()), "VM.cds", "dynamic_dump", partial.toString())
                .redirectErrorStream(true)
                .start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("jcmd did not finish within " + DUMP_TIMEOUT.toSeconds() + " s");
            }
        } finally {
            process.destroyForcibly();
        }
        if (!sidecar.isAlive() && !Files.isRegularFile(partial)) {
            return false;
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
            Files.deleteIfExists(partial);
            throw new IOException("jcmd " + sidecar.pid() + " VM.cds dynamic_dump exited with " + process.exitValue()
                    + ": " + output.replace('\n', ' '));
        }
        try {
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        log.info(
                "sidecar class-data archive made from sidecar {} in {} ms: {} ({} KiB); sidecars started from now on map it",
                sidecar.pid(),
                (System.nanoTime() - started) / 1_000_000,
                archive,
                Files.size(archive) / 1024);
        return true;
    }

    /**
     * A digest of what an archive fits: the JDK (its {@code java}, resolved, with its size and
     * modification time), every class path entry (likewise) and the whole command.
     */
    private static String digest(Path java, List<String> command) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(sha, String.join("\0", command));
        List<Path> files = new ArrayList<>();
        files.add(java);
        files.addAll(classPath(command));
        for (Path file : files) {
            if (Files.exists(file)) {
                Path real = file.toRealPath();
                BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
                update(
                        sha,
                        real + "\0" + attributes.size() + "\0"
                                + attributes.lastModifiedTime().toMillis());
            } else {
                update(sha, file + "\0missing");
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    /** The entries of the command's {@code -cp} (or {@code -classpath}). */
    private static List<Path> classPath(List<String> command) {
        int cp = Math.max(command.indexOf("-cp"), command.indexOf("-classpath"));
        List<Path> entries = new ArrayList<>();
        if (cp >= 0 && cp + 1 < command.size()) {
            for (String entry : command.get(cp + 1).split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(Path.of(entry));
                }
            }
        }
        return entries;
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
