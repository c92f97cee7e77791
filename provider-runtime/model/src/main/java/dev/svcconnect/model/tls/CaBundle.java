package dev.svcconnect.model.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CA certificates (a PEM bundle) that a client trusts for the control plane's {@code https://}
 * URL, in place of the JDK's trusted CAs. Host names are verified as always: the server's
 * certificate must name the URL's host.
 *
 * <pre>{@code
 * Optional<CaBundle> trust = CaBundle.choose(caBundleOption);   // the option, else AWS_CA_BUNDLE
 * HttpClient http = CaBundle.httpClient(trust).connectTimeout(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class CaBundle {

    /** The variable the AWS CLI and SDKs read a CA bundle from; used when no option names one. */
    public static final String ENVIRONMENT_VARIABLE = "AWS_CA_BUNDLE";

    private final Path file;
    private final List<X509Certificate> certificates;
    private final X509TrustManager trustManager;
    private final SSLContext sslContext;

    private CaBundle(Path file, List<X509Certificate> certificates) {
        this.file = file;
        this.certificates = List.copyOf(certificates);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            this.trustManager = (X509TrustManager) factory.getTrustManagers()[0];
            this.sslContext = SSLContext.getInstance("TLS");
            sslContext.init(null, new X509TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the certificates of a PEM file.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static CaBundle read(Path file) {
        requireNonNull(file, "file");
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("CA bundle " + file + ": cannot read it (" + e + ")", e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "CA bundle " + file + ": not PEM certificates (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(
                    "CA bundle " + file + ": holds no certificate (expected: one or more PEM CERTIFICATE blocks)");
        }
        return new CaBundle(file, certificates);
    }

    /**
     * The bundle of {@code option} when given, else of {@value #ENVIRONMENT_VARIABLE} when set,
     * else none: the JDK's trusted CAs.
     */
    public static Optional<CaBundle> choose(Path option) {
        if (option != null) {
            return Optional.of(read(option));
        }
        String variable = System.getenv(ENVIRONMENT_VARIABLE);
        return variable == null || variable.isBlank() ? Optional.empty() : Optional.of(read(Path.of(variable)));
    }

    /** An HTTP client builder that trusts {@code bundle}, or the JDK's CAs when there is none. */
    public static HttpClient.Builder httpClient(Optional<CaBundle> bundle) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        bundle.ifPresent(b -> builder.sslContext(b.sslContext()));
        return builder;
    }

    /**
     * A message for a failed call: when the server's certificate could not be verified, says so and
     * how to trust its CA; otherwise the failure's own message.
     */
    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return "cannot verify the control plane's TLS certificate (" + cause.getMessage()
                        + "): pass the CA that signed it with --ca-bundle FILE or " + ENVIRONMENT_VARIABLE
                        + ", and use a URL whose host the certificate names";
            }
        }
        return String.valueOf(failure.getMessage() != null ? failure.getMessage() : failure);
    }

    /** The file the bundle was read from. */
    public Path file() {
        return file;
    }

    /** The CA certificates. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** A trust manager that trusts exactly these CAs. */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** A TLS context that trusts exactly these CAs. */
    public SSLContext sslContext() {
        return sslContext;
    }
}
