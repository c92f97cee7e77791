package dev.svcconnect.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The resource {@code sidecar-jvm.options}: one JVM option a line, {@code #} comments and blank lines skipped. */
final class SidecarJvmOptions {

    static final String RESOURCE = "sidecar-jvm.options";

    private SidecarJvmOptions() {}

    static List<String> read() {
        try (InputStream in = SidecarJvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the agent's class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<String> parse(String text) {
        return text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
