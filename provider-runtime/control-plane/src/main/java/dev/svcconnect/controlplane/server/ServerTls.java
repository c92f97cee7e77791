package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.tls.CaDirectory;
import dev.svcconnect.controlplane.tls.IssuedCertificate;
import dev.svcconnect.controlplane.tls.Pem;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The server side of TLS, made once at start from {@link TlsSettings}: the Netty context (TLS 1.2
 * and 1.3, ALPN {@code http/1.1}) and, for a generated certificate, the CA file clients trust.
 *
 * @param context the context each connection's TLS handler comes from
 * @param caCertificate {@code DATA/tls/ca.pem} when the certificate is generated; else empty
 * @param caCreated whether this start created that CA
 */
record ServerTls(SslContext context, Optional<Path> caCertificate, boolean caCreated) {

    /** How long a generated server certificate is valid; a new one is issued at each start. */
    static final Duration SERVER_VALIDITY = Duration.ofDays(365);

    static final String CA_NAME = "svc-connect control plane CA";

    /** The TLS of {@code config}, or empty when it is off. */
    static Optional<ServerTls> of(ControlPlaneConfig config) {
        TlsSettings settings = config.tls();
        try {
            return switch (settings.mode()) {
                case OFF -> Optional.empty();
                case FILES ->
                    Optional.of(new ServerTls(
                            context(Pem.readPrivateKey(settings.key()), Pem.readCertificates(settings.certificate())),
                            Optional.empty(),
                            false));
                case GENERATED -> Optional.of(generated(config));
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("TLS: " + e.getMessage(), e);
        }
    }

    private static ServerTls generated(ControlPlaneConfig config) throws IOException {
        CaDirectory ca = CaDirectory.loadOrCreate(config.dataDirectory().resolve("tls"), CA_NAME, Clock.systemUTC());
        IssuedCertificate server =
                ca.authority().issue("svc-connect control plane", serverNames(config), SERVER_VALIDITY);
        return new ServerTls(context(server.key(), server.chain()), Optional.of(ca.certificateFile()), ca.created());
    }

    /**
     * The names a generated certificate carries: the bind address (every address of this host when
     * it is a wildcard), {@code localhost}, the loopback addresses, and the allowed hosts.
     */
    static List<String> serverNames(ControlPlaneConfig config) {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress bind = InetAddress.getByName(config.bind());
            if (bind.isAnyLocalAddress()) {
                names.addAll(interfaceAddresses());
            } else {
                names.add(bind.getHostAddress());
            }
            if (!bind.getHostAddress().equals(config.bind()) && !bind.isAnyLocalAddress()) {
                names.add(config.bind()); // bound by name: the name too
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("bind: '" + config.bind() + "' (expected: an address of this host)", e);
        }
        names.addAll(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(config.allowedHosts());
        return new ArrayList<>(names);
    }

    private static List<String> interfaceAddresses() throws SocketException {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLinkLocalAddress()) {
                    addresses.add(address.getHostAddress().replaceAll("%.*$", ""));
                }
            }
        }
        return addresses;
    }

    private static SslContext context(PrivateKey key, List<X509Certificate> chain) throws SSLException {
        return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
