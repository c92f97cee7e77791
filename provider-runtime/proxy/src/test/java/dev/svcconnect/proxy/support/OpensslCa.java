package dev.svcconnect.proxy.support;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.tls.KeyPairs;
import dev.svcconnect.proxy.tls.MeshCredentials;
import dev.svcconnect.proxy.tls.WorkloadKeys;
import dev.svcconnect.testsupport.Programs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CA made and run by the {@code openssl} command line, so that the proxy's TLS is tested against
 * certificates it did not make itself: each workload certificate is signed from the proxy's own
 * certificate request ({@link WorkloadKeys}), as the control plane signs them.
 */
public final class OpensslCa {

    private static final AtomicInteger SERIAL = new AtomicInteger(1000);

    private final Path directory;
    private final Path certificate;
    private final Path key;

    private OpensslCa(Path directory) {
        this.directory = directory;
        this.certificate = directory.resolve("ca.pem");
        this.key = directory.resolve("ca.key");
    }

    /** A new self-signed EC P-256 CA in {@code directory}. */
    public static OpensslCa create(Path directory, String name) {
        OpensslCa ca = new OpensslCa(directory);
        run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                ca.key.toString(),
                "-out",
                ca.certificate.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=" + name,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** The CA's certificate. */
    public X509Certificate certificate() {
        try {
            return read(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA's certificate file. */
    public Path certificateFile() {
        return certificate;
    }

    /** Credentials for {@code identities}, valid for a day. */
    public MeshCredentials issue(WorkloadIdentity... identities) {
        return issue(1, identities);
    }

    /** Credentials whose certificate expired yesterday. */
    public MeshCredentials issueExpired(WorkloadIdentity... identities) {
        return issue(-1, identities);
    }

    private MeshCredentials issue(int days, WorkloadIdentity... identities) {
        try {
            int serial = SERIAL.incrementAndGet();
            KeyPair pair = KeyPairs.ecP256();
            Path csr = Files.writeString(
                    directory.resolve(serial + ".csr"), WorkloadKeys.certificateRequest(pair, "test" + serial));
            List<String> uris = new ArrayList<>();
            for (WorkloadIdentity identity : identities) {
                uris.add("URI:" + identity.uri());
            }
            Path extensions = Files.writeString(
                    directory.resolve(serial + ".ext"),
                    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                            + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=critical,"
                            + String.join(",", uris) + "\n");
            Path leaf = directory.resolve(serial + ".pem");
            run(
                    "openssl",
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-CA",
                    certificate.toString(),
                    "-CAkey",
                    key.toString(),
                    "-set_serial",
                    Integer.toString(serial),
                    "-days",
                    Integer.toString(days),
                    "-extfile",
                    extensions.toString(),
                    "-out",
                    leaf.toString());
            Files.writeString(
                    directory.resolve(serial + ".key"),
                    "-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                                    .encodeToString(pair.getPrivate().getEncoded())
                            + "\n-----END PRIVATE KEY-----\n");
            return new MeshCredentials(
                    pair.getPrivate(), List.of(read(leaf)), List.of(read(certificate)), List.of(identities));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of the last credentials issued: {@code [certificate, key]}, for openssl s_client. */
    public Path[] lastFiles() {
        int serial = SERIAL.get();
        return new Path[] {directory.resolve(serial + ".pem"), directory.resolve(serial + ".key")};
    }

    private static X509Certificate read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void run(String... command) {
        Programs.Result result = Programs.run(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.err());
        }
    }
}
