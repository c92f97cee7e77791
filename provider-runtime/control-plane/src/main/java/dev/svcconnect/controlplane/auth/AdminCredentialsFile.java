package dev.svcconnect.controlplane.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code DATA/admin-credentials}: the admin key created at first start, in the AWS shared
 * credentials file format under the profile {@value #PROFILE} (mode 0600), so that
 * {@code AWS_SHARED_CREDENTIALS_FILE=DATA/admin-credentials aws --profile svc-connect ...} works.
 */
public final class AdminCredentialsFile {

    /** The file, relative to the data directory. */
    public static final String FILE_NAME = "admin-credentials";
    /** The profile it holds. */
    public static final String PROFILE = "svc-connect";

    private AdminCredentialsFile() {}

    /** Writes the file atomically, owner-only. */
    public static void write(Path dataDirectory, String accessKeyId, String secretAccessKey) {
        Path file = dataDirectory.resolve(FILE_NAME);
        String text = text(accessKeyId, secretAccessKey);
        try {
            // A replica given --data-key-file on a shared store may have nothing else in its directory yet.
            Files.createDirectories(dataDirectory);
            Path temporary = Files.createTempFile(
                    dataDirectory,
                    FILE_NAME,
                    ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, text, UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file exists and holds exactly this key, as {@link #write} writes it. */
    public static boolean holds(Path dataDirectory, String accessKeyId, String secretAccessKey) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            return Files.exists(file) && Files.readString(file, UTF_8).equals(text(accessKeyId, secretAccessKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(String accessKeyId, String secretAccessKey) {
        return "[" + PROFILE + "]\naws_access_key_id = " + accessKeyId + "\naws_secret_access_key = " + secretAccessKey
                + "\n";
    }
}
