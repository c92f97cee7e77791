package dev.svcconnect.proxy.tls;

import dev.svcconnect.model.tls.CaBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Certificates and keys of PEM files, with errors that name the file. */
final class PemFiles {

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemFiles() {}

    static List<X509Certificate> certificates(Path file) {
        return CaBundle.read(file).certificates();
    }

    /** An unencrypted PKCS#8 key ({@code PRIVATE KEY}), EC or RSA, as openssl writes it. */
    static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        Matcher pem = PKCS8.matcher(text);
        if (!pem.find()) {
            throw new IllegalArgumentException(
                    file + ": holds no private key (expected: an unencrypted PEM PRIVATE KEY, PKCS#8)");
        }
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1)));
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + ": its PRIVATE KEY is neither EC nor RSA");
    }
}
