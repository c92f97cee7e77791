package dev.svcconnect.controlplane.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM text of certificates and private keys: writes {@code CERTIFICATE} and PKCS#8
 * {@code PRIVATE KEY} blocks; reads certificates and a private key in PKCS#8 or the older
 * {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY} forms (what openssl and most tools write).
 * Files of private keys are created mode 0600.
 */
public final class Pem {

    private Pem() {}

    /** The PEM text of certificates and keys, in order. */
    public static String encode(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                // A key as PKCS#8 "PRIVATE KEY" whatever its algorithm (the writer would pick "EC PRIVATE KEY").
                writer.writeObject(
                        object instanceof PrivateKey key ? new PemObject("PRIVATE KEY", key.getEncoded()) : object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM: " + e.getMessage(), e);
        }
        return text.toString();
    }

    /** Writes certificates (mode 0644) to {@code file}, replacing it. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        write(file, encode(certificates.toArray()), "rw-r--r--");
    }

    /** Writes a private key to {@code file}, readable by its owner only (mode 0600). */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        write(file, encode(key), "rw-------");
    }

    /**
     * The certificates of a PEM file, in order.
     *
     * @throws IllegalArgumentException naming the file when it holds none or something else
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return readCertificates(reader, file.toString());
        }
    }

    /**
     * The certificates of PEM text, in order; {@code source} names the text in errors.
     *
     * @throws IllegalArgumentException naming {@code source} when it holds none or something else
     */
    public static List<X509Certificate> parseCertificates(String text, String source) {
        try (Reader reader = new StringReader(text == null ? "" : text)) {
            return readCertificates(reader, source);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not PEM text (" + e.getMessage() + ")", e);
        }
    }

    private static List<X509Certificate> readCertificates(Reader reader, String source) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new IllegalArgumentException(source + ": holds a "
                            + object.getClass().getSimpleName() + " (expected: only CERTIFICATE blocks)");
                }
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(source + ": not a valid certificate (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(source + ": holds no certificate (expected: PEM CERTIFICATE blocks)");
        }
        return certificates;
    }

    /**
     * The private key of a PEM file.
     *
     * @throws IllegalArgumentException naming the file when it holds no unencrypted private key
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        throw new IllegalArgumentException(
                file + ": holds no private key (expected: an unencrypted PEM PRIVATE KEY, EC or RSA)");
    }

    private static void write(Path file, String text, String permissions) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.writeString(temporary, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(
                temporary,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
