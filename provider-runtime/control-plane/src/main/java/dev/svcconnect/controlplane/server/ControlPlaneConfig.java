package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import dev.svcconnect.controlplane.mesh.MeshCaSettings;
import dev.svcconnect.controlplane.mesh.PrivateCaSettings;
import dev.svcconnect.controlplane.store.StoreLocation;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a control plane runs.
 *
 * <pre>{@code
 * ControlPlaneConfig config = ControlPlaneConfig.builder().port(0).dataDirectory(dir).build();
 * }</pre>
 *
 * @param bind the address to listen on; default {@value #DEFAULT_BIND}
 * @param port the port to listen on, 0 for any free one; default {@value #DEFAULT_PORT}
 * @param dataDirectory where the store lives; default {@code .svc-connect}
 * @param accountId the account in ARNs; default {@value #DEFAULT_ACCOUNT_ID}
 * @param region the Region in ARNs; default {@value #DEFAULT_REGION}
 * @param limits what one client may hold: connections, request times, watches; default {@link ServerLimits#defaults()}
 * @param store where the store lives; default the SQLite file of the data directory
 * @param replicaId this replica's name among those sharing a store; default {@code PID-HOST}
 * @param tls whether and how the API speaks TLS; default off, which only a loopback {@code bind} allows
 * @param allowedHosts more host names (or addresses) that requests may name in {@code Host}, beyond
 *     {@code localhost}, loopback and this host's addresses; also in the generated certificate
 * @param dataKeyFile the data key that seals the store's secrets, which replicas sharing a store
 *     share; default empty: {@code DATA/keys/data.key}, created at first start
 * @param mesh the mesh CA that signs the sidecars' certificates; default {@link MeshCaSettings#defaults()}
 * @param hostLossTimeout how long a host may send no heartbeat before it is lost and its tasks are
 *     replaced; default {@link HostRegistry#DEFAULT_LOSS_TIMEOUT}
 * @param privateCa whether (and how) a service's {@code tls} block selects AWS Private CA as the
 *     issuer of its workload certificates ({@code --aws-private-ca}); default empty: the mesh CA
 *     signs every certificate and the {@code tls} block is informational
 */
public record ControlPlaneConfig(
        String bind,
        int port,
        Path dataDirectory,
        String accountId,
        String region,
        ServerLimits limits,
        StoreLocation store,
        String replicaId,
        TlsSettings tls,
        List<String> allowedHosts,
        Optional<Path> dataKeyFile,
        MeshCaSettings mesh,
        Duration hostLossTimeout,
        Optional<PrivateCaSettings> privateCa) {

    /** The shortest {@link #hostLossTimeout}: two heartbeat intervals, so one late heartbeat does not lose a host. */
    public static final Duration MIN_HOST_LOSS_TIMEOUT = HostRegistry.HEARTBEAT_INTERVAL.multipliedBy(2);
    /** The longest {@link #hostLossTimeout}. */
    public static final Duration MAX_HOST_LOSS_TIMEOUT = Duration.ofHours(1);

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 7700;
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";
    /** The largest request body the server reads; larger ones get a 413. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    public ControlPlaneConfig {
        requireNonNull(bind, "bind");
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(accountId, "accountId");
        requireNonNull(region, "region");
        requireNonNull(limits, "limits");
        requireNonNull(store, "store");
        requireNonNull(replicaId, "replicaId");
        requireNonNull(tls, "tls");
        allowedHosts = List.copyOf(allowedHosts);
        requireNonNull(dataKeyFile, "dataKeyFile");
        mesh = mesh == null ? MeshCaSettings.defaults() : mesh;
        privateCa = privateCa == null ? Optional.empty() : privateCa;
        hostLossTimeout = hostLossTimeout == null ? HostRegistry.DEFAULT_LOSS_TIMEOUT : hostLossTimeout;
        if (hostLossTimeout.compareTo(MIN_HOST_LOSS_TIMEOUT) < 0
                || hostLossTimeout.compareTo(MAX_HOST_LOSS_TIMEOUT) > 0) {
            throw new IllegalArgumentException("hostLossTimeout: " + hostLossTimeout.toSeconds() + " s (expected: "
                    + MIN_HOST_LOSS_TIMEOUT.toSeconds() + " to " + MAX_HOST_LOSS_TIMEOUT.toSeconds() + " s)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535, 0 picks a free port)");
        }
        if (!tls.enabled() && !isLoopback(bind)) {
            throw new IllegalArgumentException("bind: " + bind + " is not a loopback address, and plain HTTP would"
                    + " expose the API unencrypted (expected: --tls to serve TLS with a generated CA, or"
                    + " --tls-cert FILE --tls-key FILE; or --bind 127.0.0.1)");
        }
    }

    /** Whether {@code bind} is a loopback address (a name is resolved). */
    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind: '" + bind + "' (expected: an address of this host)", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ControlPlaneConfig}, checking each value as it is set. */
    public static final class Builder {
        private String bind = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private Path dataDirectory = Path.of(".svc-connect");
        private String accountId = DEFAULT_ACCOUNT_ID;
        private String region = DEFAULT_REGION;
        private ServerLimits limits = ServerLimits.defaults();
        private StoreLocation store = StoreLocation.SQLITE;
        private String replicaId =
                ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
        private TlsSettings tls = TlsSettings.off();
        private MeshCaSettings mesh = MeshCaSettings.defaults();
        private Optional<PrivateCaSettings> privateCa = Optional.empty();
        private List<String> allowedHosts = List.of();
        private Optional<Path> dataKeyFile = Optional.empty();
        private Duration hostLossTimeout = HostRegistry.DEFAULT_LOSS_TIMEOUT;

        private Builder() {}

        public Builder bind(String bind) {
            this.bind = requireNonNull(bind, "bind");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535, 0 picks a free port)");
            }
            this.port = port;
            return this;
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = requireNonNull(accountId, "accountId");
            return this;
        }

        public Builder region(String region) {
            this.region = requireNonNull(region, "region");
            return this;
        }

        public Builder limits(ServerLimits limits) {
            this.limits = requireNonNull(limits, "limits");
            return this;
        }

        public Builder store(StoreLocation store) {
            this.store = requireNonNull(store, "store");
            return this;
        }

        public Builder replicaId(String replicaId) {
            if (replicaId == null || !replicaId.matches("[A-Za-z0-9._:-]{1,64}")) {
                throw new IllegalArgumentException(
                        "replicaId: '" + replicaId + "' (expected: 1-64 letters, digits, '.', '_', ':' or '-')");
            }
            this.replicaId = replicaId;
            return this;
        }

        /** Makes a service's {@code tls} block select AWS Private CA as its certificates' issuer. */
        public Builder privateCa(PrivateCaSettings privateCa) {
            this.privateCa = Optional.of(requireNonNull(privateCa, "privateCa"));
            return this;
        }

        public Builder mesh(MeshCaSettings mesh) {
            this.mesh = requireNonNull(mesh, "mesh");
            return this;
        }

        public Builder tls(TlsSettings tls) {
            this.tls = requireNonNull(tls, "tls");
            return this;
        }

        public Builder allowedHosts(List<String> allowedHosts) {
            for (String host : allowedHosts) {
                if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) {
                    throw new IllegalArgumentException("allowed host: '" + host
                            + "' (expected: a host name or an IP address, without a scheme or port)");
                }
            }
            this.allowedHosts = List.copyOf(allowedHosts);
            return this;
        }

        /** The data key's file, which must exist ({@code --data-key-file}). */
        public Builder dataKeyFile(Path dataKeyFile) {
            this.dataKeyFile = Optional.of(requireNonNull(dataKeyFile, "dataKeyFile"));
            return this;
        }

        /**
         * How long a host may send no heartbeat before it is lost ({@code --host-loss-timeout}): longer
         * where an agent's restart (a JVM start on a busy host) may take longer than the default.
         */
        public Builder hostLossTimeout(Duration hostLossTimeout) {
            this.hostLossTimeout = requireNonNull(hostLossTimeout, "hostLossTimeout");
            return this;
        }

        public ControlPlaneConfig build() {
            return new ControlPlaneConfig(
                    bind,
                    port,
                    dataDirectory,
                    accountId,
                    region,
                    limits,
                    store,
                    replicaId,
                    tls,
                    allowedHosts,
                    dataKeyFile,
                    mesh,
                    hostLossTimeout,
                    privateCa);
        }
    }
}
