package dev.svcconnect.model.jvm;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.management.ObjectName;

/**
 * How the host's first sidecar archives its own classes for the sidecars after it (class-data
 * sharing, {@code docs/proxy.md}): the host agent starts it with {@code -XX:+RecordDynamicDumpInfo}
 * and the system property {@value #PROPERTY} naming a file; once started, the sidecar writes its
 * classes there through the JVM's own diagnostic command {@code VM.cds} (what {@code jcmd PID VM.cds
 * dynamic_dump} does, in process: hosts run a JRE, which has no {@code jcmd}) and logs a line that
 * starts with {@link #WRITTEN} or {@link #NOT_WRITTEN}, which the agent waits for.
 */
public final class ClassDataDump {

    /** The system property naming the file to write the archive to. */
    public static final String PROPERTY = "svcconnect.classDataDump";

    /** The start of the line logged once the archive is written. */
    public static final String WRITTEN = "class-data archive written";

    /** The start of the line logged when it could not be. */
    public static final String NOT_WRITTEN = "class-data archive not written";

    private ClassDataDump() {}

    /** Writes the archive that {@value #PROPERTY} names, if it names one: the line to log. */
    public static Optional<String> ifAsked() {
        String file = System.getProperty(PROPERTY);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(dump(Path.of(file)));
    }

    /**
     * Writes this JVM's loaded classes to {@code file}: the line to log, {@link #WRITTEN} or
     * {@link #NOT_WRITTEN} with the reason. Stops the JVM while it writes (a safepoint of 0.3 s on
     * an idle machine), so it runs before the task's application starts.
     */
    static String dump(Path file) {
        long start = System.nanoTime();
        String output;
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmCds",
                            new Object[] {new String[] {"dynamic_dump", file.toString()}},
                            new String[] {String[].class.getName()});
            output = String.valueOf(answer).strip().replace('\n', ' ');
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return WRITTEN + " to " + file + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
            }
        } catch (Exception | LinkageError e) {
            output = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return NOT_WRITTEN + ": VM.cds dynamic_dump " + file + " answered '" + output + "'";
    }
}
