package dev.svcconnect.sample.db;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.common.Lifecycle;
import dev.svcconnect.sample.common.RunningService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.h2.engine.Constants;
import org.h2.engine.SysProperties;
import org.h2.tools.Server;

/**
 * An H2 database served over H2's TCP protocol on one address.
 *
 * <p>The server creates its one database itself and keeps it open while it runs, so clients can
 * open it but cannot create other databases (H2's {@code -ifNotExists} stays off). It listens on
 * the configured address only: H2 takes its bind address from the {@code h2.bindAddress} system
 * property, read once per JVM, so one JVM serves one bind address. A loopback bind address admits
 * local peers only; any other admits every peer that reaches it ({@code -tcpAllowOthers}).
 *
 * <pre>{@code
 * try (DbServer db = DbServer.start(DbSettings.from(Env.system()))) {
 *     String url = db.clientUrl(); // jdbc:h2:tcp://127.0.0.1:9092/mem:items
 * }
 * }</pre>
 */
public final class DbServer implements RunningService {

    private static final String BIND_PROPERTY = "h2.bindAddress";

    private final DbSettings settings;
    private final Connection owner;
    private final Server server;
    private boolean closed;

    private DbServer(DbSettings settings, Connection owner, Server server) {
        this.settings = settings;
        this.owner = owner;
        this.server = server;
    }

    /** Creates the database, starts listening and returns once clients can connect. */
    public static DbServer start(DbSettings settings) throws SQLException, UnknownHostException {
        requireNonNull(settings, "settings");
        InetAddress bind = InetAddress.getByName(settings.bind());
        claimBindAddress(bind);
        Connection owner = DriverManager.getConnection(embeddedUrl(settings), credentials(settings));
        try {
            Server server =
                    Server.createTcpServer(serverArguments(settings, bind)).start();
            DbServer db = new DbServer(settings, owner, server);
            Lifecycle.log(
                    "db",
                    "ready on " + settings.bind() + ":" + server.getPort() + " (H2 "
                            + Constants.FULL_VERSION + ", database " + settings.remotePath() + ", clients use "
                            + db.clientUrl() + ")");
            return db;
        } catch (SQLException e) {
            owner.close();
            throw e;
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** The JDBC URL a client on this machine uses to reach the database. */
    public String clientUrl() {
        return settings.clientUrl(port());
    }

    /** Stops listening, closes client sessions, then closes the database (flushing it to disk). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop();
        try {
            owner.close();
        } catch (SQLException e) {
            Lifecycle.log("db", "closing the database failed: " + Lifecycle.describe(e));
        }
    }

    private static synchronized void claimBindAddress(InetAddress bind) {
        String wanted = bind.getHostAddress();
        String current = System.getProperty(BIND_PROPERTY);
        if (current != null && !current.equals(wanted)) {
            throw new IllegalStateException("H2 in this JVM already binds " + current + "; it cannot also bind "
                    + wanted + " (one bind address per JVM)");
        }
        System.setProperty(BIND_PROPERTY, wanted);
        if (!wanted.equals(SysProperties.BIND_ADDRESS)) {
            throw new IllegalStateException("H2 was loaded before its bind address was set (it binds "
                    + SysProperties.BIND_ADDRESS + "); start the server before any other H2 use, or set -D"
                    + BIND_PROPERTY + "=" + wanted);
        }
    }

    private static String embeddedUrl(DbSettings settings) {
        return settings.dataDirectory()
                .map(dir -> "jdbc:h2:file:" + dir.toAbsolutePath().resolve(settings.database()))
                .orElse("jdbc:h2:mem:" + settings.database());
    }

    private static Properties credentials(DbSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        return properties;
    }

    private static String[] serverArguments(DbSettings settings, InetAddress bind) {
        List<String> arguments = new ArrayList<>(List.of("-tcpPort", Integer.toString(settings.port())));
        if (!bind.isLoopbackAddress()) {
            arguments.add("-tcpAllowOthers");
        }
        settings.dataDirectory().map(Path::toAbsolutePath).ifPresent(dir -> {
            arguments.add("-baseDir");
            arguments.add(dir.toString());
        });
        return arguments.toArray(String[]::new);
    }
}
