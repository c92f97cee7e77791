package dev.svcconnect.agent.artifact;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.artifact.ArtifactLabels;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Puts a container's {@link Artifact} into its working directory: reads it from the
 * {@link ArtifactSource} into a file of the task's, checks its SHA-256 against the task
 * definition's, then extracts a {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz} (entries
 * may not leave the directory; tar keeps file modes, zip gives 0644 and 0755 to directories) or
 * puts any other file there under its name, mode 0755. Anything wrong is an
 * {@link ArtifactUnavailableException} naming the container and the artifact.
 */
public final class ArtifactInstaller {

    private static final Pattern S3_URL = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[^\\s]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._+-]{1,255}");
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private final ArtifactSource source;

    public ArtifactInstaller(ArtifactSource source) {
        this.source = requireNonNull(source, "source");
    }

    /**
     * Installs {@code artifact} of container {@code container} into {@code target}, downloading it
     * to a file in {@code scratch} first (removed afterwards).
     */
    public void install(String container, Artifact artifact, Path scratch, Path target)
            throws ArtifactUnavailableException {
        String what = "artifact " + artifact.url() + " of container '" + container + "'";
        checked(what, artifact);
        Path download = scratch.resolve("artifact-" + container + ".part");
        try {
            String sha256;
            try (InputStream in = source.open(artifact)) {
                sha256 = copy(in, download);
            } catch (IOException e) {
                throw new ArtifactUnavailableException("cannot read " + what + ": " + e.getMessage(), e);
            }
            if (!sha256.equals(artifact.sha256())) {
                throw new ArtifactUnavailableException(
                        what + " has SHA-256 " + sha256 + ", not " + artifact.sha256()
                                + " as its task definition says: it is corrupted or was replaced (deploy the app again)",
                        null);
            }
            try {
                unpack(artifact.fileName(), download, target);
            } catch (IOException e) {
                throw new ArtifactUnavailableException(
                        "cannot unpack " + what + " (" + artifact.fileName() + "): " + e.getMessage(), e);
            }
        } finally {
            try {
                Files.deleteIfExists(download);
            } catch (IOException e) {
                // a leftover part file of the task's directory goes with it
            }
        }
    }

    private static void checked(String what, Artifact artifact) throws ArtifactUnavailableException {
        String problem = null;
        if (!S3_URL.matcher(artifact.url()).matches()) {
            problem = ArtifactLabels.URL + ": '" + artifact.url() + "' (expected: s3://BUCKET/KEY)";
        } else if (artifact.sha256() == null
                || !SHA256.matcher(artifact.sha256()).matches()) {
            problem = ArtifactLabels.SHA256 + ": '" + artifact.sha256() + "' (expected: 64 lower-case hex digits)";
        } else if (!FILE_NAME.matcher(artifact.fileName()).matches()
                || artifact.fileName().startsWith(".")) {
            problem = ArtifactLabels.NAME + ": '" + artifact.fileName()
                    + "' (expected: a file name of letters, digits, '.', '_', '+' and '-', not starting with '.')";
        }
        if (problem != null) {
            throw new ArtifactUnavailableException(what + ": " + problem, null);
        }
    }

    /** Copies {@code in} to {@code file}, answering the SHA-256 of what was copied. */
    private static String copy(InputStream in, Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            Files.copy(digesting, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void unpack(String name, Path file, Path target) throws IOException {
        Files.createDirectories(target);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".zip")) {
            unzip(file, target);
        } else if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                untar(in, target);
            }
        } else if (lower.endsWith(".tar")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                untar(in, target);
            }
        } else {
            Path kept = target.resolve(name);
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(kept, EXECUTABLE);
        }
    }

    private static void unzip(Path file, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path path = inside(target, entry.getName());
                if (entry.isDirectory()) {
                    directory(path);
                } else {
                    directory(path.getParent());
                    write(zip, path, READABLE);
                }
            }
        }
    }

    private static void untar(InputStream in, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = inside(target, entry.getName());
                if (entry.isDirectory()) {
                    directory(path);
                } else if (entry.isFile()) {
                    directory(path.getParent());
                    write(tar, path, mode(entry.getMode()));
                } else {
                    throw new IOException("entry '" + entry.getName()
                            + "' is not a file or directory (links and devices are not unpacked)");
                }
            }
        }
    }

    /** {@code name} under {@code target}; IOException when it would leave it. */
    private static Path inside(Path target, String name) throws IOException {
        Path path = target.resolve(name).normalize();
        if (!path.startsWith(target)) {
            throw new IOException("entry '" + name + "' leaves the container's directory");
        }
        return path;
    }

    private static void directory(Path path) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, EXECUTABLE);
    }

    private static void write(InputStream in, Path path, Set<PosixFilePermission> mode) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            in.transferTo(out);
        }
        Files.setPosixFilePermissions(path, mode);
    }

    /** The permission bits of a tar mode (no set-id or sticky bits); at least readable by the owner. */
    private static Set<PosixFilePermission> mode(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(text.toString());
        permissions.add(PosixFilePermission.OWNER_READ);
        return permissions;
    }
}
