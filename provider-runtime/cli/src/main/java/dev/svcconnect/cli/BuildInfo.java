package dev.svcconnect.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * What {@code svc-connect --version} prints: the version and the git commit this build was made
 * from, read from the resources the build writes ({@code build-version.properties}, filtered by
 * Maven; {@code build-commit.properties}, written by {@code src/build/build-commit.sh}, empty when
 * the build ran outside a git checkout).
 *
 * @param version the project version, e.g. {@code 0.1.0}, or {@code development} when unknown
 * @param commit the abbreviated commit id, {@code unknown} outside git, suffixed {@code -dirty}
 *     when the checkout had uncommitted changes
 */
record BuildInfo(String version, String commit) {

    static final String UNKNOWN_COMMIT = "unknown";

    BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
    }

    /** The build information of the jar (or classes directory) this class was loaded from. */
    static BuildInfo current() {
        return of(
                load("build-version.properties").getProperty("version"),
                load("build-commit.properties").getProperty("commit"),
                Boolean.parseBoolean(load("build-commit.properties").getProperty("dirty")));
    }

    /** Build information from raw values, any of which may be missing (null or blank). */
    static BuildInfo of(String version, String commitId, boolean dirty) {
        String knownVersion = version == null || version.isBlank() || version.contains("${") ? "development" : version;
        if (commitId == null || commitId.isBlank()) {
            return new BuildInfo(knownVersion, UNKNOWN_COMMIT);
        }
        return new BuildInfo(knownVersion, dirty ? commitId + "-dirty" : commitId);
    }

    /** The line {@code --version} prints, e.g. {@code svc-connect 0.1.0 (commit 03a72ce)}. */
    String describe() {
        return "svc-connect " + version + " (commit " + commit + ")";
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return properties;
    }
}
