package dev.svcconnect.controlplane.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A CA kept in a directory (mode 0700) across restarts: {@code ca.pem}, the certificate clients
 * trust, and {@code ca-key.pem}, its private key (mode 0600). {@link #loadOrCreate} reads them, or
 * creates a new CA on first use.
 *
 * <pre>{@code
 * CaDirectory directory = CaDirectory.loadOrCreate(data.resolve("tls"), "svc-connect control plane CA", Clock.systemUTC());
 * IssuedCertificate server = directory.authority().issue(...);
 * }</pre>
 */
public final class CaDirectory {

    /** How long a created CA is valid. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private final Path certificateFile;
    private final CertificateAuthority authority;
    private final boolean created;

    private CaDirectory(Path certificateFile, CertificateAuthority authority, boolean created) {
        this.certificateFile = certificateFile;
        this.authority = authority;
        this.created = created;
    }

    /** The CA of {@code directory}, created (with the directory) when it holds none. */
    public static CaDirectory loadOrCreate(Path directory, String commonName, Clock clock) throws IOException {
        Path certificateFile = directory.resolve("ca.pem");
        Path keyFile = directory.resolve("ca-key.pem");
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            List<X509Certificate> certificates = Pem.readCertificates(certificateFile);
            PrivateKey key = Pem.readPrivateKey(keyFile);
            return new CaDirectory(certificateFile, CertificateAuthority.of(certificates.get(0), key, clock), false);
        }
        if (Files.exists(certificateFile) || Files.exists(keyFile)) {
            throw new IllegalStateException(directory + ": holds " + (Files.exists(keyFile) ? "ca-key.pem" : "ca.pem")
                    + " without its pair (expected: both ca.pem and ca-key.pem, or neither to create a new CA)");
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        CertificateAuthority authority = CertificateAuthority.create(commonName, CA_VALIDITY, clock);
        Pem.writePrivateKey(keyFile, authority.key());
        Pem.writeCertificates(certificateFile, List.of(authority.certificate()));
        return new CaDirectory(certificateFile, authority, true);
    }

    /** The CA. */
    public CertificateAuthority authority() {
        return authority;
    }

    /** {@code ca.pem}: the file clients pass as their CA bundle. */
    public Path certificateFile() {
        return certificateFile;
    }

    /** Whether {@link #loadOrCreate} created the CA. */
    public boolean created() {
        return created;
    }
}
