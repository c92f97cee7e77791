package dev.svcconnect.model.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaBundleTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithoutACertificateIsRefusedNamingIt() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> CaBundle.read(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "CA bundle " + empty + ": holds no certificate (expected: one or more PEM CERTIFICATE blocks)");
        assertThatThrownBy(() -> CaBundle.read(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CA bundle " + missing + ": cannot read it");
    }

    @Test
    void anUnverifiableCertificateIsDescribedWithWhatToDo() {
        IOException failure = new IOException(
                "wrapped",
                new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"));

        assertThat(CaBundle.describe(failure))
                .isEqualTo("cannot verify the control plane's TLS certificate (PKIX path building failed: unable to"
                        + " find valid certification path): pass the CA that signed it with --ca-bundle FILE or"
                        + " AWS_CA_BUNDLE, and use a URL whose host the certificate names");
        assertThat(CaBundle.describe(new ConnectException("Connection refused")))
                .isEqualTo("Connection refused");
    }
}
