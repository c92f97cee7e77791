package dev.svcconnect.cli;

import dev.svcconnect.model.tls.CaBundle;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --ca-bundle FILE}: what the commands that call an {@code https://} control plane verify it against. */
final class CaBundleOption {

    @Option(
            names = "--ca-bundle",
            paramLabel = "FILE",
            description = "The PEM CA certificates an https:// control plane is verified against (default:"
                    + " AWS_CA_BUNDLE, else the JDK's trusted CAs), such as the control plane's DATA/tls/ca.pem.")
    Path file;

    /**
     * The bundle of the option, else of {@code AWS_CA_BUNDLE}, else none.
     *
     * @throws IllegalArgumentException naming the file when it holds no certificate
     */
    Optional<CaBundle> trust() {
        return CaBundle.choose(file);
    }
}
