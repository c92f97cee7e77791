package dev.svcconnect.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The TLS contexts of a proxy's hops to other proxies: TLS 1.3 only, the proxy's own certificate
 * on both ends, peers verified against the mesh's trust bundle. BoringSSL (netty-tcnative) when its
 * native library loads, else the JDK. {@link #update} swaps in new credentials: connections opened
 * afterwards use them, open connections keep theirs.
 *
 * <pre>{@code
 * MeshTls tls = MeshTls.of(credentials);
 * channel.pipeline().addFirst(tls.newServerHandler(channel.alloc()));
 * tls.update(renewed);   // at about two thirds of the certificate's life
 * }</pre>
 */
public final class MeshTls {

    /** The only protocol version a hop between proxies speaks. */
    public static final String PROTOCOL = "TLSv1.3";
    /**
     * How long either end keeps a session for resumption, at most, and never beyond its own
     * certificate (a renewal builds new contexts, with new session caches and ticket keys).
     */
    static final Duration MAX_SESSION_LIFE = Duration.ofMinutes(5);
    /**
     * The type of the in-memory key store each context hands its key through. The JDK's default,
     * PKCS12, encrypts the key as it goes in and decrypts it as it comes out, each with 10,000
     * rounds of PBKDF2: with four contexts, 0.6 s of CPU at every sidecar's start and renewal, for a
     * store that is never written anywhere.
     */
    static final String KEY_STORE_TYPE = "JKS";

    private record Contexts(
            MeshCredentials credentials, SslContext server, SslContext h2, SslContext http1, SslContext tcp) {}

    private final Clock clock;
    private volatile Contexts contexts;

    private MeshTls(Clock clock, Contexts contexts) {
        this.clock = clock;
        this.contexts = contexts;
    }

    /** Contexts of {@code credentials}. */
    public static MeshTls of(MeshCredentials credentials) {
        return of(credentials, Clock.systemUTC());
    }

    /** Contexts of {@code credentials}, telling expired peers by {@code clock}. */
    static MeshTls of(MeshCredentials credentials, Clock clock) {
        return new MeshTls(clock, build(credentials, clock.instant()));
    }

    /** Uses {@code credentials} for every connection opened from now on. */
    public void update(MeshCredentials credentials) {
        this.contexts = build(credentials, clock.instant());
    }

    /**
     * Refuses a session whose peer certificate has expired. A full handshake already refuses an
     * expired certificate; a resumed one does not look at it again, so this is what keeps a
     * resumed session from outliving its peer's certificate. Both ends call it after every handshake.
     *
     * @throws SSLPeerUnverifiedException naming the peer's certificate and when it expired
     */
    void requireUnexpiredPeer(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] peer = session.getPeerCertificates();
        if (peer.length > 0 && peer[0] instanceof X509Certificate certificate) {
            Instant expired = certificate.getNotAfter().toInstant();
            if (!clock.instant().isBefore(expired)) {
                throw new SSLPeerUnverifiedException("the peer's certificate " + certificate.getSubjectX500Principal()
                        + " expired at " + expired + ": its session is not resumed");
            }
        }
    }

    /** The credentials in use. */
    public MeshCredentials credentials() {
        return contexts.credentials();
    }

    /** The trust domain of the proxy's identity: a peer's identity must be of it too. */
    public String trustDomain() {
        return contexts.credentials().identity().trustDomain();
    }

    /** The server end of an inbound connection, which requires a client certificate. */
    public SslHandler newServerHandler(ByteBufAllocator alloc) {
        return contexts.server().newHandler(alloc);
    }

    /** The client end of a connection to {@code peer} (its address keys session resumption). */
    public SslHandler newClientHandler(ByteBufAllocator alloc, InetSocketAddress peer, Alpn alpn) {
        Contexts current = contexts;
        SslContext context = switch (alpn) {
            case H2 -> current.h2();
            case HTTP_1_1 -> current.http1();
            case NONE -> current.tcp();
        };
        return context.newHandler(alloc, peer.getHostString(), peer.getPort());
    }

    /** {@code "OpenSSL (BoringSSL)"} or {@code "JDK"}: what encrypts the hops. */
    public static String implementation() {
        return provider() == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    private static SslProvider provider() {
        return OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL)
                ? SslProvider.OPENSSL
                : SslProvider.JDK;
    }

    private static Contexts build(MeshCredentials credentials, Instant now) {
        requireNonNull(credentials, "credentials");
        X509Certificate[] chain = credentials.chain().toArray(X509Certificate[]::new);
        X509Certificate[] trust = credentials.trustBundle().toArray(X509Certificate[]::new);
        long left = Duration.between(now, credentials.expiresAt()).toSeconds();
        long sessionSeconds = Math.max(1, Math.min(MAX_SESSION_LIFE.toSeconds(), left));
        try {
            SslContext server = SslContextBuilder.forServer(credentials.key(), chain)
                    .sslProvider(provider())
                    .keyStoreType(KEY_STORE_TYPE)
                    .protocols(PROTOCOL)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(trust)
                    .sessionTimeout(sessionSeconds)
                    .applicationProtocolConfig(alpn(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
            return new Contexts(
                    credentials,
                    server,
                    client(credentials, chain, trust, sessionSeconds, alpn(ApplicationProtocolNames.HTTP_2)),
                    client(credentials, chain, trust, sessionSeconds, alpn(ApplicationProtocolNames.HTTP_1_1)),
                    client(credentials, chain, trust, sessionSeconds, ApplicationProtocolConfig.DISABLED));
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the mesh TLS contexts: " + e.getMessage(), e);
        }
    }

    private static SslContext client(
            MeshCredentials credentials,
            X509Certificate[] chain,
            X509Certificate[] trust,
            long sessionSeconds,
            ApplicationProtocolConfig alpn)
            throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(provider())
                .keyStoreType(KEY_STORE_TYPE)
                .protocols(PROTOCOL)
                .keyManager(credentials.key(), chain)
                .trustManager(trust)
                // Endpoints are addresses: the SPIFFE ID is checked after the handshake instead of a host name.
                .endpointIdentificationAlgorithm(null)
                .sessionTimeout(sessionSeconds)
                .applicationProtocolConfig(alpn)
                .build();
    }

    private static ApplicationProtocolConfig alpn(String... protocols) {
        return new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                protocols);
    }
}
