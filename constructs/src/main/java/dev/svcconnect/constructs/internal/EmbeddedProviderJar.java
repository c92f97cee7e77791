package dev.svcconnect.constructs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The provider's Lambda jar, shipped inside the constructs jar as a resource and extracted once
 * per content to {@code TMPDIR/svc-connect-USER/provider-HASH.jar}, a stable path, so that every
 * synth of the same version gives the same asset hash (the hash covers the file's name and content).
 */
public final class EmbeddedProviderJar {

    private static final String RESOURCE = "svc-connect-provider.jar";

    private static Path extracted;

    private EmbeddedProviderJar() {}

    /** The path of the extracted jar. */
    public static synchronized Path path() {
        if (extracted == null) {
            extracted = extract(Path.of(
                    System.getProperty("java.io.tmpdir"),
                    "svc-connect-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_")));
        }
        return extracted;
    }

    static Path extract(Path directory) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "provider-", ".part");
            try {
                String hash;
                try (InputStream in = open();
                        DigestInputStream digest = new DigestInputStream(in, sha256())) {
                    Files.copy(digest, temporary, StandardCopyOption.REPLACE_EXISTING);
                    hash = HexFormat.of()
                            .formatHex(digest.getMessageDigest().digest())
                            .substring(0, 16);
                }
                Path target = directory.resolve("provider-" + hash + ".jar");
                if (!Files.exists(target)) {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                }
                return target;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the svc-connect provider jar to " + directory, e);
        }
    }

    private static InputStream open() {
        InputStream in = EmbeddedProviderJar.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("The svc-connect provider jar (" + RESOURCE + ") is missing from the"
                    + " constructs jar; build it with ./mvnw package");
        }
        return in;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
