package dev.svcconnect.cli;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import dev.svcconnect.controlplane.mesh.MeshCaSettings;
import dev.svcconnect.controlplane.mesh.PrivateCaSettings;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.controlplane.server.ServerLimits;
import dev.svcconnect.controlplane.server.TlsSettings;
import dev.svcconnect.controlplane.store.StoreLocation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code svc-connect control-plane}: runs the registry with its ECS- and Cloud Map-compatible API
 * until SIGTERM or Ctrl-C, then stops cleanly (in-flight requests finish, the store closes).
 */
@Command(
        name = "control-plane",
        mixinStandardHelpOptions = true,
        description = "Run the control plane: the ECS and Cloud Map API, the store and the watch API.")
final class ControlPlaneCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("control-plane");

    @Option(
            names = "--port",
            defaultValue = "7700",
            description = "The port to listen on, 0 for any (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(
            names = "--data",
            defaultValue = ".svc-connect",
            paramLabel = "DIR",
            description = "The data directory (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(
            names = "--account-id",
            defaultValue = ControlPlaneConfig.DEFAULT_ACCOUNT_ID,
            paramLabel = "ID",
            description = "The account in ARNs (default: ${DEFAULT-VALUE}).")
    private String accountId;

    @Option(
            names = "--region",
            defaultValue = ControlPlaneConfig.DEFAULT_REGION,
            description = "The Region in ARNs (default: ${DEFAULT-VALUE}).")
    private String region;

    @Option(
            names = "--max-connections",
            defaultValue = "" + ServerLimits.DEFAULT_MAX_CONNECTIONS,
            paramLabel = "N",
            description = "Client connections open at a time; more are closed at accept (default: ${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(
            names = "--max-connections-per-address",
            defaultValue = "" + ServerLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            paramLabel = "N",
            description = "Client connections open at a time from one address (default: ${DEFAULT-VALUE}).")
    private int maxConnectionsPerAddress;

    @Option(
            names = "--store",
            defaultValue = "sqlite",
            paramLabel = "STORE",
            description = "sqlite (a file under --data) or jdbc:postgresql://HOST:PORT/DB?user=U[&password=P],"
                    + " a database several replicas share (default: ${DEFAULT-VALUE}).")
    private String store;

    @Option(
            names = "--store-password-file",
            paramLabel = "FILE",
            description = "A file holding the PostgreSQL password (else the URL's, else PGPASSWORD).")
    private Path storePasswordFile;

    @Option(
            names = "--data-key-file",
            paramLabel = "FILE",
            description = "The key that seals the store's secrets (32 random bytes, base64), the same file for every"
                    + " replica of one store (default: DATA/keys/data.key, created at first start).")
    private Path dataKeyFile;

    @Option(
            names = "--replica-id",
            paramLabel = "ID",
            description = "This replica's name among those sharing a store (default: PID-HOST).")
    private String replicaId;

    @Option(
            names = "--tls",
            description = "Serve TLS with a certificate issued at each start by a CA created under DATA/tls/"
                    + " (clients trust DATA/tls/ca.pem); needed to bind a non-loopback address.")
    private boolean tls;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "Serve TLS with this PEM certificate chain (with --tls-key) instead of a generated one.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key of --tls-cert.")
    private Path tlsKey;

    @Option(
            names = "--allowed-host",
            paramLabel = "NAME",
            description = "A host name clients use for this control plane (repeatable): accepted in Host and"
                    + " named by the generated certificate, beyond localhost and this host's addresses.")
    private List<String> allowedHosts = new ArrayList<>();

    @Option(
            names = "--trust-domain",
            paramLabel = "NAME",
            description = "The SPIFFE trust domain of the mesh's workload identities"
                    + " (spiffe://NAME/ns/NAMESPACE/svc/SERVICE); default: ${DEFAULT-VALUE}.")
    private String trustDomain = MeshCaSettings.DEFAULT_TRUST_DOMAIN;

    @Option(
            names = "--mesh-ca-cert",
            paramLabel = "FILE",
            description = "A PEM CA certificate (then its chain) under which the mesh CA makes its intermediate,"
                    + " with --mesh-ca-key; default: a root created under DATA/mesh-ca/.")
    private Path meshCaCert;

    @Option(names = "--mesh-ca-key", paramLabel = "FILE", description = "The PEM private key of --mesh-ca-cert.")
    private Path meshCaKey;

    @Option(
            names = "--workload-cert-ttl",
            paramLabel = "SECONDS",
            description = "How long a sidecar's certificate lives (renewed at about two thirds);"
                    + " 10 to 2592000, default: ${DEFAULT-VALUE}.")
    private long workloadCertTtl = MeshCaSettings.DEFAULT_WORKLOAD_CERTIFICATE_TTL.toSeconds();

    @Option(
            names = "--host-loss-timeout",
            paramLabel = "SECONDS",
            description =
                    "How long a host may send no heartbeat before it is lost and its tasks are replaced"
                            + " elsewhere; longer where restarting an agent takes longer; 20 to 3600, default: ${DEFAULT-VALUE}.")
    private long hostLossTimeout = HostRegistry.DEFAULT_LOSS_TIMEOUT.toSeconds();

    @Option(
            names = "--aws-private-ca",
            description = "On AWS: a Service Connect service whose tls block names an AWS Private CA"
                    + " (issuerCertificateAuthority.awsPcaAuthorityArn) gets its workload certificates from a"
                    + " subordinate CA of that private CA, and every proxy trusts the private CA; default: off,"
                    + " the mesh CA signs every certificate and the tls block is informational.")
    private boolean awsPrivateCa;

    @Option(
            names = "--aws-private-ca-endpoint",
            paramLabel = "URL",
            description = "Where ACM PCA calls go instead of the Region's endpoint (an emulator), with"
                    + " --aws-private-ca; default: the SDK's, which also reads AWS_ENDPOINT_URL_ACM_PCA.")
    private URI awsPrivateCaEndpoint;

    @Override
    public Integer call() throws InterruptedException {
        ControlPlaneConfig.Builder builder = ControlPlaneConfig.builder()
                .bind(bind)
                .port(port)
                .dataDirectory(data)
                .accountId(accountId)
                .region(region)
                .limits(ServerLimits.builder()
                        .maxConnections(maxConnections)
                        .maxConnectionsPerAddress(maxConnectionsPerAddress)
                        .build())
                .store(StoreLocation.parse(store, storePasswordFile, System.getenv()))
                .tls(tlsSettings())
                .mesh(new MeshCaSettings(trustDomain, meshCaCert, meshCaKey, Duration.ofSeconds(workloadCertTtl)))
                .allowedHosts(allowedHosts)
                .hostLossTimeout(Duration.ofSeconds(hostLossTimeout));
        if (awsPrivateCaEndpoint != null && !awsPrivateCa) {
            throw new IllegalArgumentException("--aws-private-ca-endpoint: needs --aws-private-ca");
        }
        if (awsPrivateCa) {
            PrivateCaSettings settings = PrivateCaSettings.defaults();
            builder.privateCa(awsPrivateCaEndpoint == null ? settings : settings.withEndpoint(awsPrivateCaEndpoint));
        }
        if (replicaId != null) {
            builder.replicaId(replicaId);
        }
        if (dataKeyFile != null) {
            builder.dataKeyFile(dataKeyFile);
        }
        ControlPlaneConfig config = builder.build();
        // Refuse bad input and a taken port before saying "starting" and before the store creates --data.
        new ResourceNames(accountId, region, Clock.systemUTC());
        requireFreePort();
        LOG.info(
                "starting: data {}, store {}, replica {}, account {}, region {}",
                data.toAbsolutePath(),
                config.store(),
                config.replicaId(),
                accountId,
                region);
        ControlPlaneServer server = ControlPlaneServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping");
                            server.close();
                            LOG.info("stopped");
                            stopped.countDown();
                        },
                        "svc-connect-shutdown"));
        LOG.info("listening on {} (store revision {})", server.endpoint(), server.revision());
        LOG.info("console at {}/console, metrics at {}/metrics", server.endpoint(), server.endpoint());
        stopped.await();
        return 0;
    }

    private TlsSettings tlsSettings() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException((tlsCert == null ? "--tls-key" : "--tls-cert") + " needs "
                    + (tlsCert == null ? "--tls-cert" : "--tls-key")
                    + " (expected: both, or neither for --tls with a generated CA)");
        }
        if (tlsCert != null) {
            return TlsSettings.files(tlsCert, tlsKey);
        }
        return tls ? TlsSettings.generated() : TlsSettings.off();
    }

    private void requireFreePort() {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (another program holds the port: stop it or choose another with --port)");
        }
    }
}
