package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.access.AccessPolicyApi;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.api.cloudmap.CloudMapApi;
import dev.svcconnect.controlplane.api.ecs.EcsApi;
import dev.svcconnect.controlplane.api.ecs.EcsRegistry;
import dev.svcconnect.controlplane.api.ecs.HostLossSweep;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import dev.svcconnect.controlplane.api.ecs.Scheduler;
import dev.svcconnect.controlplane.api.ssm.ContainerSecrets;
import dev.svcconnect.controlplane.api.ssm.ParameterStore;
import dev.svcconnect.controlplane.api.ssm.SsmApi;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.AuditLog;
import dev.svcconnect.controlplane.auth.Authenticator;
import dev.svcconnect.controlplane.auth.Bootstrap;
import dev.svcconnect.controlplane.auth.Credentials;
import dev.svcconnect.controlplane.auth.CredentialsApi;
import dev.svcconnect.controlplane.auth.OperatorAccess;
import dev.svcconnect.controlplane.console.ConsoleApi;
import dev.svcconnect.controlplane.console.TrafficEvents;
import dev.svcconnect.controlplane.crypto.DataKey;
import dev.svcconnect.controlplane.crypto.DataKeyCheck;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.local.LocalStacksApi;
import dev.svcconnect.controlplane.logs.LogIngest;
import dev.svcconnect.controlplane.logs.LogTails;
import dev.svcconnect.controlplane.mesh.MeshCa;
import dev.svcconnect.controlplane.mesh.PrivateCaIssuers;
import dev.svcconnect.controlplane.metrics.MetricsIngest;
import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.metrics.PrometheusExport;
import dev.svcconnect.controlplane.replicas.PushSharing;
import dev.svcconnect.controlplane.store.NotLeaderException;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.watch.WatchAccess;
import dev.svcconnect.controlplane.watch.WatchApi;
import dev.svcconnect.controlplane.watch.WatchHub;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane: an HTTP server that answers the ECS and Cloud Map APIs (AWS JSON 1.1 on
 * {@code POST /}), the watch API ({@code /watch/v1/}) and the local engine's stack records
 * ({@code /local/v1/stacks}), backed by a durable store, plus the proxies' metrics
 * ({@code /metrics}) and the console ({@code /console}); every route is in one
 * {@link RouteTable} ({@link ControlPlaneRoutes}).
 *
 * <pre>{@code
 * try (ControlPlaneServer server = ControlPlaneServer.start(ControlPlaneConfig.builder().port(0).build())) {
 *     EcsClient ecs = EcsClient.builder().endpointOverride(server.endpoint())...build();
 * }
 * }</pre>
 */
public final class ControlPlaneServer implements AutoCloseable {

    private static final int API_THREADS = 4;
    /** How often the log tails of stopped tasks are looked for. */
    private static final Duration LOG_SWEEP = Duration.ofSeconds(10);
    /** How often tasks stopped for longer than {@link Task#RETENTION} are forgotten. */
    private static final Duration TASK_SWEEP = Duration.ofMinutes(1);

    private final Store store;
    private final WatchHub hub;
    private final EventLoopGroup group;
    private static final Logger LOG = LoggerFactory.getLogger("control-plane");

    private final ExecutorService executor;
    private final ScheduledExecutorService sweeper;
    private final Channel channel;
    private final ConnectionLimiter connections;
    private final Optional<ServerTls> tls;
    private final AccessKey admin;
    private final Optional<PrivateCaIssuers> privateCa;

    private ControlPlaneServer(
            Store store,
            WatchHub hub,
            EventLoopGroup group,
            ExecutorService executor,
            ScheduledExecutorService sweeper,
            Channel channel,
            ConnectionLimiter connections,
            Optional<ServerTls> tls,
            AccessKey admin,
            Optional<PrivateCaIssuers> privateCa) {
        this.store = store;
        this.hub = hub;
        this.group = group;
        this.executor = executor;
        this.sweeper = sweeper;
        this.channel = channel;
        this.connections = connections;
        this.tls = tls;
        this.admin = admin;
        this.privateCa = privateCa;
    }

    /** Opens the store of the data directory and starts listening. */
    public static ControlPlaneServer start(ControlPlaneConfig config) {
        requireNonNull(config, "config");
        Optional<ServerTls> tls = ServerTls.of(config);
        tls.flatMap(ServerTls::caCertificate)
                .ifPresent(ca -> LOG.info(
                        "TLS: certificate issued by the CA {} {} (clients pass it with --ca-bundle or AWS_CA_BUNDLE)",
                        tls.get().caCreated() ? "created in" : "of",
                        ca.toAbsolutePath()));
        ResourceNames names = new ResourceNames(config.accountId(), config.region(), Clock.systemUTC());
        Store store = Store.open(config.store(), config.dataDirectory(), config.replicaId());
        LOG.info("store {}, replica {}, role {}", store.describe(), config.replicaId(), ControlPlaneRoutes.role(store));
        DataKey dataKey = dataKey(config, store);
        Credentials credentials = new Credentials(dataKey, Clock.systemUTC());
        AccessKey admin = Bootstrap.adminKey(store, credentials, config.dataDirectory());
        Authenticator authenticator = new Authenticator(store, credentials, Clock.systemUTC());
        AuditLog audit = AuditLog.open(config.dataDirectory(), Clock.systemUTC());
        OperatorAccess operators = OperatorAccess.forBind(config.bind(), authenticator, audit);
        WatchHub hub = new WatchHub(store);
        CloudMap cloudMap = new CloudMap(names);
        EcsRegistry registry = new EcsRegistry(names, cloudMap);
        Scheduler scheduler = new Scheduler(registry);
        HostRegistry hosts = new HostRegistry(registry, scheduler, config.hostLossTimeout());
        ParameterStore parameters = new ParameterStore(dataKey, names);
        AwsJsonDispatcher dispatcher = new AwsJsonDispatcher(
                List.of(
                        new EcsApi(store, registry, scheduler, hosts).api(),
                        new CloudMapApi(store, cloudMap).api(),
                        new SsmApi(store, parameters).api(),
                        new CredentialsApi(store, credentials)
                                .api()
                                .with(new AccessPolicyApi(store, Clock.systemUTC()).operations())),
                authenticator,
                audit);
        ExecutorService executor = apiExecutor(config.limits().apiQueue());
        MetricsWindow window = new MetricsWindow(Clock.systemUTC(), MetricsWindow.DEFAULT_MAX_SERIES);
        LogTails tails = LogTails.withDefaults(Clock.systemUTC());
        LogIngest logs = new LogIngest(store, tails);
        MeshCa opened = MeshCa.open(config.dataDirectory(), config.mesh(), Clock.systemUTC());
        PrivateCaIssuers privateCa = config.privateCa()
                .map(settings -> new PrivateCaIssuers(
                        config.dataDirectory(), settings, config.mesh().workloadCertificateTtl(), Clock.systemUTC()))
                .orElse(null);
        MeshCa mesh = privateCa == null ? opened : opened.withPrivateCa(privateCa);
        LOG.info(
                "mesh CA: trust domain {}, {}-second workload certificates, signed by {}",
                mesh.trustDomain(),
                mesh.workloadCertificateTtl().toSeconds(),
                mesh.describe());
        WatchApi watch = new WatchApi(store, scheduler, hosts, hub, mesh);
        MetricsIngest metrics = new MetricsIngest(store, window);
        PushSharing pushes =
                new PushSharing(store, Map.of(PushSharing.METRICS, metrics::accept, PushSharing.LOGS, logs::accept));
        RouteTable routes = ControlPlaneRoutes.table(
                dispatcher,
                () -> ControlPlaneRoutes.health(config, store),
                WatchRoutes.group(
                        watch,
                        new WatchAccess(store, authenticator, credentials, audit, watch),
                        pushes,
                        new ContainerSecrets(store, parameters)),
                new ConsoleRoutes(
                                new ConsoleApi(store, window, tails),
                                new PrometheusExport(window, store),
                                new TrafficEvents(executor, Duration.ofSeconds(1)),
                                operators)
                        .group(),
                LocalStackRoutes.group(new LocalStacksApi(store), operators));
        ServerLimits limits = config.limits();
        RouteDispatcher handler = new RouteDispatcher(
                routes,
                executor,
                new HeldWatches(
                        limits.maxWatchers(), limits.maxWatchersPerCaller(), HeldWatches.Caller.accessKeyOrAddress()),
                new RequestGuard(tls.isPresent(), config.bind(), config.allowedHosts()));
        ScheduledExecutorService sweeper =
                Executors.newSingleThreadScheduledExecutor(daemonThreads("svc-connect-hosts"));
        HostLossSweep hostLoss = new HostLossSweep(store, hosts);
        sweeper.scheduleWithFixedDelay(hostLoss::run, 1, 1, TimeUnit.SECONDS);
        sweeper.scheduleWithFixedDelay(() -> pullPushes(pushes), 1, 1, TimeUnit.SECONDS);
        sweeper.scheduleWithFixedDelay(
                () -> sweepLogs(logs), LOG_SWEEP.toSeconds(), LOG_SWEEP.toSeconds(), TimeUnit.SECONDS);
        sweeper.scheduleWithFixedDelay(
                () -> forgetStoppedTasks(store, names),
                TASK_SWEEP.toSeconds(),
                TASK_SWEEP.toSeconds(),
                TimeUnit.SECONDS);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ConnectionLimiter connections =
                    new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress());
            Channel channel = listen(config, group, connections, handler, tls.map(ServerTls::context));
            return new ControlPlaneServer(
                    store,
                    hub,
                    group,
                    executor,
                    sweeper,
                    channel,
                    connections,
                    tls,
                    admin,
                    Optional.ofNullable(privateCa));
        } catch (Exception e) {
            sweeper.shutdownNow();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            executor.shutdownNow();
            hub.close();
            store.close();
            throw new IllegalStateException(
                    "cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The data key of {@code --data-key-file}, else of the data directory, checked against the
     * store's check value; closes the store when it is not the store's key.
     */
    private static DataKey dataKey(ControlPlaneConfig config, Store store) {
        try {
            DataKey key =
                    config.dataKeyFile().map(DataKey::openFile).orElseGet(() -> DataKey.open(config.dataDirectory()));
            String source = config.dataKeyFile()
                    .map(file -> "--data-key-file " + file)
                    .orElseGet(
                            () -> config.dataDirectory().resolve(DataKey.FILE).toString());
            DataKeyCheck.verify(store, key, source, config.replicaId(), Clock.systemUTC());
            return key;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Listens on the configured address. Connections over the caps are closed at accept; each other
     * connection: TLS when configured, its deadlines (around the HTTP codec), keep-alive,
     * aggregation, the routes.
     */
    private static Channel listen(
            ControlPlaneConfig config,
            EventLoopGroup group,
            ConnectionLimiter connections,
            RouteDispatcher routes,
            Optional<SslContext> tls) {
        ServerLimits limits = config.limits();
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .handler(connections)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        tls.ifPresent(context -> ch.pipeline().addLast("tls", context.newHandler(ch.alloc())));
                        RequestDeadlines deadlines = new RequestDeadlines(limits);
                        ch.pipeline()
                                .addLast("deadline-bytes", deadlines.bytes())
                                .addLast("http-codec", new HttpServerCodec())
                                .addLast("deadlines", deadlines.messages())
                                .addLast(
                                        new HttpServerKeepAliveHandler(),
                                        new LimitedAggregator(ControlPlaneConfig.MAX_REQUEST_BYTES),
                                        routes);
                    }
                })
                .bind(new InetSocketAddress(config.bind(), config.port()))
                .syncUninterruptibly()
                .channel();
    }

    /**
     * The API's threads with a bounded queue: when it is full, a call is answered at once
     * ({@code ThrottlingException}) instead of waiting in a queue that grows without bound.
     */
    private static ThreadPoolExecutor apiExecutor(int queue) {
        return new ThreadPoolExecutor(
                API_THREADS,
                API_THREADS,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue),
                daemonThreads("svc-connect-api"));
    }

    /** The client connections open now. */
    int openConnections() {
        return connections.open();
    }

    /** The API's threads, for the tests that keep them busy. */
    ExecutorService apiExecutor() {
        return executor;
    }

    /** Forgets the log tails of tasks stopped for a while; a failure waits for the next round. */
    private static void sweepLogs(LogIngest logs) {
        try {
            logs.sweep();
        } catch (RuntimeException e) {
            LOG.warn("forgetting the logs of stopped tasks: {}", e.getMessage());
        }
    }

    /** Applies the other replicas' metrics and log pushes; a failure waits for the next round. */
    private static void pullPushes(PushSharing pushes) {
        try {
            pushes.pull();
        } catch (RuntimeException e) {
            LOG.warn("reading the other replicas' metrics and logs: {}", e.getMessage());
        }
    }

    /**
     * Forgets the tasks stopped more than {@link Task#RETENTION} ago, on the replica that leads; a
     * failure waits for the next round.
     */
    private static void forgetStoppedTasks(Store store, ResourceNames names) {
        try {
            if (store.isLeader()) {
                store.writeAsLeader(tx -> Task.forgetStopped(tx, names.now()));
            }
        } catch (NotLeaderException e) {
            LOG.info("not forgetting stopped tasks: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("forgetting stopped tasks: {}", e.getMessage());
        }
    }

    /** The port the server listens on. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** {@code http://HOST:PORT} ({@code https://} with TLS), the endpoint to give the AWS SDK or CLI. */
    public URI endpoint() {
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create((tls.isPresent() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + address.getPort());
    }

    /** The CA certificate (PEM) that signed a generated server certificate; empty otherwise. */
    public Optional<Path> caCertificate() {
        return tls.flatMap(ServerTls::caCertificate);
    }

    /**
     * The bootstrap admin key, also in {@code DATA/admin-credentials}: what tests and the local
     * engine sign with.
     */
    public AccessKey adminCredentials() {
        return admin;
    }

    /** The store's current revision. */
    public long revision() {
        return store.revision();
    }

    /** Stops listening, finishes the requests in progress, and closes the store. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        sweeper.shutdownNow();
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        hub.close();
        privateCa.ifPresent(PrivateCaIssuers::close);
        store.close();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
