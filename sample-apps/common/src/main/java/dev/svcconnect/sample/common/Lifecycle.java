package dev.svcconnect.sample.common;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a service as a program: reads its settings, starts it, logs one line per lifecycle event,
 * and stops it gracefully on SIGTERM or Ctrl-C; or, with the argument {@code health}, checks the
 * running service once.
 *
 * <p>Bad settings exit with code 2 and a one-line reason; a failure to start (or an unhealthy
 * check) exits with code 1.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Lifecycle.main("db", args, env -> DbServer.start(DbSettings.from(env)), DbHealth::check);
 * }
 * }</pre>
 */
public final class Lifecycle {

    /** Starts a service from its environment. */
    @FunctionalInterface
    public interface Starter {
        /** Starts the service and returns once it is ready. */
        RunningService start(Env env) throws Exception;
    }

    /** Checks a running service from its environment. */
    @FunctionalInterface
    public interface HealthCheck {
        /** Returns what was found healthy; throws when the service is not healthy. */
        String check(Env env) throws Exception;
    }

    private Lifecycle() {}

    /**
     * The program's entry point: {@code health} runs {@code check} once (for a container health
     * check command), no argument runs the service.
     */
    public static void main(String service, String[] args, Starter starter, HealthCheck check) {
        if (args.length == 0) {
            run(service, starter);
        } else if (args.length == 1 && "health".equals(args[0])) {
            System.exit(checkHealth(service, check));
        } else {
            System.out.println("usage: java -jar " + service + ".jar [health]  (settings come from the environment)");
            System.exit(2);
        }
    }

    /** Runs {@code check} once, prints one line; returns 0 when healthy, 1 when not, 2 on bad settings. */
    public static int checkHealth(String service, HealthCheck check) {
        try {
            System.out.println(service + " healthy: " + check.check(Env.system()));
            return 0;
        } catch (BadSettingException e) {
            System.out.println(service + " bad setting: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.out.println(service + " unhealthy: " + describe(e));
            return 1;
        }
    }

    /** Starts the service named {@code service} and blocks until it has stopped. */
    public static void run(String service, Starter starter) {
        RunningService running;
        try {
            running = starter.start(Env.system());
        } catch (BadSettingException e) {
            log(service, "bad setting: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            log(service, "failed to start: " + describe(e));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log(service, "stopping");
                            running.close();
                            log(service, "stopped");
                            stopped.countDown();
                        },
                        service + "-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs one line: time, service, event. */
    public static void log(String service, String event) {
        System.out.println(Instant.now() + " " + service + " " + event);
        System.out.flush();
    }

    /** The exception's class and message, and its root cause's when different; never a stack trace. */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (root != error) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }
}
