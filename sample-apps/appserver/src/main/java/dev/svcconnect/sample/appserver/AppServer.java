package dev.svcconnect.sample.appserver;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.appserver.store.ConnectionPool;
import dev.svcconnect.sample.appserver.store.DatabaseConnector;
import dev.svcconnect.sample.appserver.store.ItemStore;
import dev.svcconnect.sample.common.Lifecycle;
import dev.svcconnect.sample.common.RunningService;
import dev.svcconnect.sample.items.v1.Info;
import dev.svcconnect.sample.items.v1.ItemsGrpc;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The appserver: the {@code Items} gRPC service and the standard gRPC health service on one port.
 *
 * <p>It listens at once; health says {@code NOT_SERVING} (and item calls fail with
 * {@code UNAVAILABLE}) until the db has been reached, which it retries with backoff. On
 * {@link #close()} it stops accepting calls, completes open watch streams and waits up to
 * {@value #GRACE_SECONDS} s for in-flight calls.
 *
 * <pre>{@code
 * try (AppServer server = AppServer.start(AppServerSettings.from(Env.system()))) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class AppServer implements RunningService {

    static final int GRACE_SECONDS = 10;

    private final Server server;
    private final HealthStatusManager health;
    private final DatabaseConnector database;
    private final ItemWatches watches;
    private final ConnectionPool pool;
    private boolean closed;

    private AppServer(
            Server server,
            HealthStatusManager health,
            DatabaseConnector database,
            ItemWatches watches,
            ConnectionPool pool) {
        this.server = server;
        this.health = health;
        this.database = database;
        this.watches = watches;
        this.pool = pool;
    }

    /** Starts listening, then starts reaching for the db in the background. */
    public static AppServer start(AppServerSettings settings) throws IOException {
        requireNonNull(settings, "settings");
        ConnectionPool pool = new ConnectionPool(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), 8);
        ItemStore store = new ItemStore(pool, settings.taskId());
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
        health.setStatus(ItemsGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
        DatabaseConnector database = new DatabaseConnector(store, settings.dbUrl(), () -> {
            health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
            health.setStatus(ItemsGrpc.SERVICE_NAME, ServingStatus.SERVING);
        });
        ItemWatches watches = new ItemWatches(store, settings.watchPollInterval());
        Info info = Info.newBuilder()
                .setGreeting(settings.greeting())
                .setTaskId(settings.taskId())
                .setVersion(version())
                .build();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port());
        Server server = NettyServerBuilder.forAddress(address)
                .addService(new ItemsService(store, database, watches, info))
                .addService(health.getHealthService())
                .build()
                .start();
        Lifecycle.log(
                "appserver",
                "ready on " + settings.bind() + ":" + server.getPort() + " (task " + settings.taskId() + ", greeting \""
                        + settings.greeting() + "\", db " + settings.dbUrl() + ")");
        database.start();
        return new AppServer(server, health, database, watches, pool);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.enterTerminalState();
        server.shutdown();
        watches.close();
        try {
            if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        database.close();
        pool.close();
    }

    private static String version() {
        String version = AppServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
