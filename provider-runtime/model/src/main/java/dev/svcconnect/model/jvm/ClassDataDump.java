package dev.svcconnect.model.jvm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.management.ObjectName;

/**
 * How the host's first sidecar archives its own classes for the sidecars after it (class-data
 * sharing, {@code docs/proxy.md}): the host agent starts it with {@code -XX:+RecordDynamicDumpInfo}
 * and the system property {@value #PROPERTY} naming the archive; once started, the sidecar writes
 * its classes through the JVM's own diagnostic command {@code VM.cds} (what {@code jcmd PID VM.cds
 * dynamic_dump} does, in process: hosts run a JRE, which has no {@code jcmd}) to a file of its own,
 * then moves it into place, so that no sidecar ever maps a half-written archive. When it cannot,
 * it writes the reason to the archive's {@link #FAILED} file instead, which tells the agent to stop
 * asking. Either way it logs a line starting with {@link #WRITTEN} or {@link #NOT_WRITTEN}.
 */
public final class ClassDataDump {

    /** The system property naming the file to write the archive to. */
    public static final String PROPERTY = "svcconnect.classDataDump";

    /** The start of the line logged once the archive is written. */
    public static final String WRITTEN = "class-data archive written";

    /** The start of the line logged when it could not be. */
    public static final String NOT_WRITTEN = "class-data archive not written";

    /** The suffix of the file, next to the archive, that says why a sidecar could not write it. */
    public static final String FAILED = ".failed";

    private ClassDataDump() {}

    /** Writes the archive that {@value #PROPERTY} names, if it names one: the line to log. Blocks while it writes. */
    public static Optional<String> ifAsked() {
        String file = System.getProperty(PROPERTY);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(dump(Path.of(file)));
    }

    /**
     * Writes this JVM's loaded classes to {@code archive}: the line to log, {@link #WRITTEN} or
     * {@link #NOT_WRITTEN} with the reason (also written to the {@link #FAILED} file). Stops the
     * JVM while it writes (a safepoint of 0.3 s on an idle machine).
     */
    static String dump(Path archive) {
        long start = System.nanoTime();
        Path partial = archive.resolveSibling(
                archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        String output;
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmCds",
                            new Object[] {new String[] {"dynamic_dump", partial.toString()}},
                            new String[] {String[].class.getName()});
            output = String.valueOf(answer).strip().replace('\n', ' ');
            if (Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return WRITTEN + " to " + archive + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
            }
        } catch (Exception | LinkageError e) {
            output = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        String reason = "VM.cds dynamic_dump " + partial + " answered '" + output + "'";
        try {
            Files.deleteIfExists(partial);
            Files.writeString(archive.resolveSibling(archive.getFileName() + FAILED), reason + "\n");
        } catch (IOException e) {
            reason += "; and " + e;
        }
        return NOT_WRITTEN + ": " + reason;
    }
}
