package dev.svcconnect.sample.appserver;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.common.BadSettingException;
import dev.svcconnect.sample.common.Env;
import dev.svcconnect.sample.common.TaskIdentity;
import java.time.Duration;

/**
 * What appserver needs: where to listen, how to reach the db, and what to say.
 *
 * @param bind the address to listen on
 * @param port the gRPC port (0 asks the system for a free one)
 * @param dbUrl the db's H2 TCP URL, such as {@code jdbc:h2:tcp://db:9092/mem:items}
 * @param dbUser the db user
 * @param dbPassword that user's password (may be empty)
 * @param greeting what {@code GetInfo} answers, so a configuration change is visible
 * @param taskId which task this is
 * @param watchPollInterval how often a following {@code WatchItems} looks for new items
 */
public record AppServerSettings(
        String bind,
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String greeting,
        String taskId,
        Duration watchPollInterval) {

    private static final String DB_URL_PREFIX = "jdbc:h2:tcp://";

    /** Checks every field. */
    public AppServerSettings {
        requireNonNull(bind, "bind");
        requireNonNull(dbUser, "dbUser");
        requireNonNull(dbPassword, "dbPassword");
        requireNonNull(greeting, "greeting");
        requireNonNull(taskId, "taskId");
        requireNonNull(watchPollInterval, "watchPollInterval");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (!requireNonNull(dbUrl, "dbUrl").startsWith(DB_URL_PREFIX)) {
            throw new IllegalArgumentException(
                    "dbUrl: " + dbUrl + " (expected: " + DB_URL_PREFIX + "host:port/database)");
        }
        if (watchPollInterval.isNegative() || watchPollInterval.isZero()) {
            throw new IllegalArgumentException("watchPollInterval: " + watchPollInterval + " (expected: > 0)");
        }
    }

    /**
     * Reads {@code APP_BIND} (default 127.0.0.1), {@code APP_PORT} (8080), {@code DB_URL}
     * (jdbc:h2:tcp://127.0.0.1:9092/mem:items), {@code DB_USER} (sa), {@code DB_PASSWORD}
     * (empty), {@code APP_GREETING} (Hello from appserver), {@code TASK_ID} (else
     * {@code HOSTNAME}) and {@code APP_WATCH_POLL_MS} (250).
     */
    public static AppServerSettings from(Env env) {
        String dbUrl = env.string("DB_URL", DB_URL_PREFIX + "127.0.0.1:9092/mem:items");
        if (!dbUrl.startsWith(DB_URL_PREFIX)) {
            throw new BadSettingException("DB_URL: " + dbUrl + " (expected: " + DB_URL_PREFIX + "host:port/database)");
        }
        return new AppServerSettings(
                env.host("APP_BIND", "127.0.0.1"),
                env.port("APP_PORT", 8080),
                dbUrl,
                env.string("DB_USER", "sa"),
                env.raw("DB_PASSWORD", ""),
                env.string("APP_GREETING", "Hello from appserver"),
                TaskIdentity.of(env),
                env.millis("APP_WATCH_POLL_MS", Duration.ofMillis(250)));
    }
}
