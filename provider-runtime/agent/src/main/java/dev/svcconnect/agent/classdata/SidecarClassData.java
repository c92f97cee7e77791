package dev.svcconnect.agent.classdata;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.jvm.ClassDataDump;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data sharing archive of a host's sidecars: the classes a sidecar loads, parsed and laid
 * out once, mapped by every sidecar that starts afterwards instead of being loaded again. On this
 * project's 2-core machines a sidecar's start to {@code proxy started} takes about 1.8 s of CPU
 * without it and 1.0 s with it, and its pages are shared by every sidecar on the host
 * ({@code docs/proxy.md}, "Class-data sharing").
 *
 * <p>JDK 17 can archive the classes of a running JVM started with {@code
 * -XX:+RecordDynamicDumpInfo}, so the archive is made from a real sidecar rather than a rehearsal:
 * the first sidecar the agent starts while there is none records, and once started (its
 * configuration applied, its certificate issued, its listeners open) writes its classes itself
 * ({@link ClassDataDump}, through the JVM's diagnostic command: no {@code jcmd}, which a JRE lacks)
 * while its task's containers start; the sidecars started once the archive is in place map it. The
 * archive only fits the JDK and the class path it was made with, so its file name carries a digest
 * of both (and of the JVM options); an archive of another JDK or jar is never used, and deleted.
 * Whatever goes wrong (a JVM that cannot record, having no base archive; a dump that fails; a
 * recording sidecar that exits first) costs only the speed-up: sidecars start without an archive,
 * as before.
 *
 * <p>Thread-safe: tasks start their sidecars on threads of their own.
 */
public final class SidecarClassData {

    private static final Logger log = LoggerFactory.getLogger(SidecarClassData.class);
    private static final String SUFFIX = ".jsa";

    private enum State {
        /** No archive yet and no sidecar recording: the next one records. */
        NONE,
        /** A sidecar records; the others start without an archive meanwhile. */
        RECORDING,
        /** The archive exists: sidecars map it. */
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
    /** Where a recording sidecar says why it could not write the archive. */
    private final Path failed;

    private State state;
    /** The sidecar that records, once started. */
    private ProcessHandle recorder;

    private SidecarClassData(Path archive, State state) {
        this.archive = archive;
        this.failed = archive == null ? null : archive.resolveSibling(archive.getFileName() + ClassDataDump.FAILED);
        this.state = state;
    }

    /** No archive: every sidecar starts as its command says. */
    public static SidecarClassData off() {
        return new SidecarClassData(null, State.OFF);
    }

    /**
     * The archive of the sidecars started with {@code command} ({@code java OPTIONS -cp CLASSPATH
     * MAIN}), kept in {@code directory}. Archives there that belong to another JDK, class path or
     * set of options are deleted.
     */
    public static SidecarClassData in(Path directory, List<String> command) throws IOException {
        requireNonNull(directory, "directory");
        Path java = Path.of(command.get(0));
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
        return new SidecarClassData(archive, Files.isRegularFile(archive) ? State.READY : State.NONE);
    }

    /** The archive's file once it exists. */
    synchronized Optional<Path> archive() {
        refresh();
        return state == State.READY ? Optional.of(archive) : Optional.empty();
    }

    /**
     * How the next sidecar starts: with the archive when there is one, else recording when no
     * other sidecar does; a launch that records must be followed by {@link #started}, {@link
     * #notStarted} or {@link #cannotRecord}.
     */
    public synchronized Launch next() {
        refresh();
        return switch (state) {
            case READY -> new Launch(List.of("-XX:SharedArchiveFile=" + archive), false);
            case NONE -> {
                state = State.RECORDING;
                recorder = null;
                yield new Launch(
                        List.of("-XX:+RecordDynamicDumpInfo", "-D" + ClassDataDump.PROPERTY + "=" + archive), true);
            }
            case RECORDING, OFF -> new Launch(List.of(), false);
        };
    }

    /** What became of the archive since: written, refused, gone, or its recorder gone without it. */
    private void refresh() {
        switch (state) {
            case READY -> {
                if (!Files.isRegularFile(archive)) {
                    log.warn("sidecar class-data archive {} is gone; the next sidecar records a new one", archive);
                    state = State.NONE;
                }
            }
            case RECORDING -> {
                if (Files.isRegularFile(archive)) {
                    log.info("sidecar class-data archive {} is in place; sidecars started from now on map it", archive);
                    state = State.READY;
                } else if (Files.isRegularFile(failed)) {
                    log.warn("sidecar class-data archive not made (sidecars start without one): {}", reason());
                    state = State.OFF;
                } else if (recorder != null && !recorder.isAlive()) {
                    // Stopped before it wrote the archive; whatever it left half-written goes.
                    deletePartials();
                    state = State.NONE;
                }
            }
            default -> {}
        }
    }

    private String reason() {
        try {
            return Files.readString(failed).strip();
        } catch (IOException e) {
            return failed + ": " + e.getMessage();
        }
    }

    /** {@code command} with {@code launch}'s options after the program. */
    public static List<String> command(List<String> command, Launch launch) {
        List<String> argv = new ArrayList<>(command.size() + launch.options().size());
        argv.add(command.get(0));
        argv.addAll(launch.options());
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    /** The recording sidecar of {@code launch} started: it writes the archive while its task's containers start. */
    public synchronized void started(Launch launch, ProcessHandle sidecar) {
        if (launch.records() && state == State.RECORDING) {
            recorder = sidecar;
        }
    }

    /** The recording sidecar did not start: the next one records instead. */
    public synchronized void notStarted(Launch launch) {
        if (launch.records() && state == State.RECORDING) {
            deletePartials();
            state = State.NONE;
        }
    }

    /**
     * The JVM refused to start recording ({@code -XX:+RecordDynamicDumpInfo} needs the JDK's base
     * archive, which {@code -Xshare:off} or a runtime built without one lacks): off for this
     * agent's life.
     */
    public synchronized void cannotRecord(Launch launch, String reason) {
        if (launch.records() && state == State.RECORDING) {
            log.warn("sidecar class-data sharing off: the JVM cannot record a sidecar's classes ({})", reason);
            state = State.OFF;
        }
    }

    private void deletePartials() {
        try (DirectoryStream<Path> partials =
                Files.newDirectoryStream(archive.getParent(), archive.getFileName() + ".*.partial")) {
            for (Path partial : partials) {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            log.warn("cannot delete what a sidecar left half-written next to {}: {}", archive, e.getMessage());
        }
    }

    /**
     * A digest of what an archive fits: the JDK (its {@code java}, its {@code release} file, its JVM
     * library and base archive, each resolved, with its size and modification time), every class
     * path entry (likewise) and the whole command.
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
        // The JVM itself and its base archive, which a JDK updated in place changes under the same java.
        Path bin = (Files.exists(java) ? java.toRealPath() : java.toAbsolutePath()).getParent();
        if (bin != null && bin.getParent() != null) {
            Path home = bin.getParent();
            files.add(home.resolve("release"));
            files.add(home.resolve("lib/server/libjvm.so"));
            files.add(home.resolve("lib/server/classes.jsa"));
        }
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
