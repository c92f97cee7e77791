package dev.svcconnect.proxy;

import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.EventLoops;
import io.netty.util.ResourceLeakDetector;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy as the job of its process: the admin token and the event loops from the environment, SIGTERM
 * drains, then exit 0.
 */
public final class ProxyProcess {

    private static final Logger log = LoggerFactory.getLogger(ProxyProcess.class);

    private ProxyProcess() {}

    /**
     * A proxy process runs without Netty's buffer leak detection unless its JVM names a level
     * ({@code -Dio.netty.leakDetection.level=simple} to look for a leak): Netty's default samples
     * about one buffer in 128 with a stack trace, which cost 2 to 5 % of the event loops' CPU
     * under load (docs/proxy.md, "Performance"). Both entry points, {@code svc-connect proxy} and
     * {@link Sidecar}, call it first.
     */
    public static void leakDetectionOffUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * A proxy builder with the drain token of {@code SVC_CONNECT_ADMIN_TOKEN} and the event loops of
     * {@value EventLoops#ENVIRONMENT_VARIABLE}, where the environment has them.
     *
     * @throws IllegalArgumentException if {@value EventLoops#ENVIRONMENT_VARIABLE} is not a whole number of at least 1
     */
    public static Proxy.Builder builderFromEnvironment() {
        return builderFrom(System.getenv());
    }

    static Proxy.Builder builderFrom(Map<String, String> environment) {
        String token = environment.get(AdminConfig.TOKEN_ENVIRONMENT_VARIABLE);
        Proxy.Builder builder = Proxy.builder().adminToken(token == null || token.isBlank() ? null : token);
        String eventLoops = environment.get(EventLoops.ENVIRONMENT_VARIABLE);
        if (eventLoops != null && !eventLoops.isBlank()) {
            builder.threads(eventLoops(eventLoops.strip()));
        }
        return builder;
    }

    private static int eventLoops(String value) {
        try {
            int loops = Integer.parseInt(value);
            if (loops >= 1) {
                return loops;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(EventLoops.ENVIRONMENT_VARIABLE + ": '" + value
                + "' (expected: a whole number of event loops, at least 1)");
    }

    /**
     * Serves until {@code proxy} drained: SIGTERM drains it, closes {@code owned} (last first) and
     * exits 0 (a drained proxy is a clean stop, not the JVM's 143); a drain by {@code POST /drain}
     * closes {@code owned} and returns.
     */
    public static void runUntilDrained(Proxy proxy, AutoCloseable... owned) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            proxy.drain().join();
                            closeQuietly(owned);
                            Runtime.getRuntime().halt(0);
                        },
                        "proxy-sigterm"));
        proxy.drained().join();
        closeQuietly(owned);
    }

    private static void closeQuietly(AutoCloseable... owned) {
        for (int i = owned.length - 1; i >= 0; i--) {
            if (owned[i] == null) {
                continue;
            }
            try {
                owned[i].close();
            } catch (Exception e) {
                log.warn("closing the proxy: {}", e.getMessage());
            }
        }
    }
}
