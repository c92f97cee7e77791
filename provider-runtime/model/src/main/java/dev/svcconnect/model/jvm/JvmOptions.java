package dev.svcconnect.model.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JVM options kept in a file of one option a line, with {@code #} comments and blank lines: the
 * format that {@code java @FILE} reads, so that a shell launcher and a Java one start the same JVM
 * from the same file.
 */
public final class JvmOptions {

    /** The resource, next to this class, with the control plane's options. */
    public static final String CONTROL_PLANE_RESOURCE = "control-plane-jvm.options";
    /** The resource, next to this class, with the host agent's options. */
    public static final String AGENT_RESOURCE = "agent-jvm.options";

    private JvmOptions() {}

    /**
     * The control plane's JVM options ({@code docs/control-plane.md}, "Memory"), wherever svc-connect
     * starts one: a local environment, the Debian package's unit, the ControlPlane construct's
     * instances and {@code bench/watch-fanout.sh}.
     */
    public static List<String> controlPlane() {
        return fromResource(JvmOptions.class, CONTROL_PLANE_RESOURCE);
    }

    /**
     * The host agent's JVM options ({@code docs/agent.md}, "JVM options"), wherever svc-connect
     * starts one: a local environment, the Debian package's unit and a HostFleet's hosts on AWS.
     * Its sidecars have options of their own.
     */
    public static List<String> agent() {
        return fromResource(JvmOptions.class, AGENT_RESOURCE);
    }

    /** The options of the resource {@code name} next to {@code anchor}; an IllegalStateException when it is missing. */
    public static List<String> fromResource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path of " + anchor.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The options of a file's text: one a line, stripped; {@code #} comments and blank lines skipped. */
    public static List<String> parse(String text) {
        return text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
