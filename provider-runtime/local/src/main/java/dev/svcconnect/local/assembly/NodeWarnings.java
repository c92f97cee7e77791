package dev.svcconnect.local.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Silences the banner that jsii (the runtime of a CDK app in Java, and the CDK CLI) prints when
 * Node.js has reached its end of life, the way jsii documents: {@code
 * JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION} lists the silenced major versions, and {@code
 * JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION} silences the warning of a version near its end.
 * Only the environment of the synthesizing process changes; a value the user set is kept.
 */
final class NodeWarnings {

    static final String END_OF_LIFE = "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION";
    static final String DEPRECATED = "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION";

    private static final Pattern MAJOR = Pattern.compile("v?(\\d+)\\..*");

    private NodeWarnings() {}

    /** Adds the silencing variables for this machine's {@code node} to {@code environment}. */
    static void silence(Map<String, String> environment) {
        environment.putIfAbsent(DEPRECATED, "1");
        nodeMajorVersion().ifPresent(major -> environment.putIfAbsent(END_OF_LIFE, major));
    }

    /** The major version of {@code node --version} ({@code v20.20.2} is 20), if node runs. */
    static Optional<String> nodeMajorVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
                return Optional.empty();
            }
            Matcher matcher = MAJOR.matcher(version);
            return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
