package dev.svcconnect.controlplane.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The control plane's data key: 256 random bits in {@code DATA/keys/data.key} (mode 0600, its
 * directory 0700), created at first use, that seals values with AES-256-GCM.
 *
 * <p>Each sealed value is bound to a <em>context</em> (authenticated, not stored), such as
 * {@code "ssm-parameter:/prod/db-password"}: a ciphertext copied to another row of the store does
 * not open there. Whoever can read the data directory can read the key; the point is that a copy
 * of the store alone (a backup, a replica's file) reveals no secret.
 *
 * <pre>{@code
 * DataKey key = DataKey.open(dataDirectory);
 * String sealed = key.seal("s3cret", "credential:AKIA...");
 * String plain = key.open(sealed, "credential:AKIA...");
 * }</pre>
 */
public final class DataKey {

    /** The key file, relative to the data directory. */
    public static final Path FILE = Path.of("keys", "data.key");

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** The first byte of every sealed value; a later format gets another. */
    private static final byte VERSION = 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private DataKey(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key of a data directory, created (with its directory) when it does not exist yet. */
    public static DataKey open(Path dataDirectory) {
        requireNonNull(dataDirectory, "dataDirectory");
        Path file = dataDirectory.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data key " + file + ": " + e.getMessage(), e);
        }
        return read(file, file.toString());
    }

    /**
     * The key in {@code file} ({@code --data-key-file}), which must exist: replicas sharing a store
     * are given one key made once, so a missing file is a mistake to report, not a key to make.
     */
    public static DataKey openFile(Path file) {
        requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--data-key-file: " + file + " does not exist (expected: a file"
                    + " holding " + KEY_BYTES + " random bytes in base64, made once with"
                    + " 'openssl rand -base64 32 > FILE' and given to every replica)");
        }
        return read(file, "--data-key-file: " + file);
    }

    private static DataKey read(Path file, String name) {
        try {
            byte[] bytes =
                    Base64.getDecoder().decode(Files.readString(file, UTF_8).trim());
            if (bytes.length != KEY_BYTES) {
                throw new IllegalStateException(
                        name + ": holds " + bytes.length + " bytes (expected: " + KEY_BYTES + ", base64)");
            }
            return new DataKey(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data key " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + ": is not base64: " + e.getMessage(), e);
        }
    }

    /** Writes a new random key atomically, owner-only; another process creating it first wins. */
    private static void create(Path file) throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(
                directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        Path temporary = Files.createTempFile(
                directory,
                "data.key",
                ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(bytes) + "\n", UTF_8);
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                // Another control plane on the same directory created it first: use theirs.
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Seals {@code plaintext} for {@code context}: base64 of version, nonce, ciphertext and tag. */
    public String seal(String plaintext, String context) {
        requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, context, plaintext.getBytes(UTF_8));
        ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
        out.put(VERSION).put(nonce).put(sealed);
        return Base64.getEncoder().encodeToString(out.array());
    }

    /**
     * Opens a value {@link #seal sealed} for the same {@code context}.
     *
     * @throws IllegalStateException when it was sealed by another key, for another context, or altered
     */
    public String open(String sealed, String context) {
        requireNonNull(sealed, "sealed");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sealed value for " + context + " is not base64", e);
        }
        if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
            throw new IllegalStateException("sealed value for " + context + " is not in the expected format");
        }
        byte[] nonce = Arrays.copyOfRange(bytes, 1, 1 + NONCE_BYTES);
        byte[] body = Arrays.copyOfRange(bytes, 1 + NONCE_BYTES, bytes.length);
        return new String(crypt(Cipher.DECRYPT_MODE, nonce, context, body), UTF_8);
    }

    private byte[] crypt(int mode, byte[] nonce, String context, byte[] input) {
        requireNonNull(context, "context");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(
                    "sealed value for " + context + " does not open with this data key (another key, another "
                            + "context, or altered)",
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DataKey[...]";
    }
}
