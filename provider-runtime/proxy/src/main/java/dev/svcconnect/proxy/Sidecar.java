package dev.svcconnect.proxy;

import dev.svcconnect.model.jvm.ClassDataDump;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import dev.svcconnect.proxy.config.ProxyConfigFile;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar as the host agent starts it, {@code java -cp CLASSPATH dev.svcconnect.proxy.Sidecar
 * --control-plane URL[,URL...] --task TASK_ID [--ca-bundle FILE]} (or {@code --config FILE}, a static
 * configuration, as {@code bench/proxy.sh} runs it): the proxy of {@code svc-connect proxy} without the
 * command line of every other command, so that the sidecar's JVM loads the proxy's classes only
 * (docs/proxy.md, "Memory and JVM options").
 * The task's key comes in {@code SVC_CONNECT_PROXY_KEY}, the drain token in {@code
 * SVC_CONNECT_ADMIN_TOKEN}, the number of event loops in {@code SVC_CONNECT_PROXY_EVENT_LOOPS}; a bad
 * argument or variable is one line on standard error and exit code 2.
 */
public final class Sidecar {

    private static final Logger log = LoggerFactory.getLogger(Sidecar.class);
    private static final String USAGE =
            "expected: --control-plane URL[,URL...] --task TASK_ID [--ca-bundle FILE], or --config FILE";

    private Sidecar() {}

    public static void main(String[] args) {
        ProxyProcess.leakDetectionOffUnlessAsked();
        Arguments arguments;
        ProxyConfig config;
        Proxy.Builder builder;
        try {
            arguments = Arguments.parse(args);
            config = arguments.config() == null ? null : ProxyConfigFile.read(arguments.config());
            builder = ProxyProcess.builderFromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("sidecar: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config != null) {
            Proxy proxy = builder.start(config);
            ProxyProcess.runUntilDrained(proxy, proxy);
        } else {
            DynamicProxy dynamic = follow(arguments.controlPlanes(), arguments.trust(), arguments.task(), builder);
            Proxy proxy = dynamic.started().join();
            archiveClassesIfAsked();
            ProxyProcess.runUntilDrained(proxy, dynamic);
        }
        System.exit(0);
    }

    /**
     * The host's first sidecar archives its classes for the next ones, now that it has loaded what
     * serving needs: beside the task's application, which starts meanwhile (the task is not
     * registered before it is healthy, so the dump's pause meets no traffic but for an application
     * healthy within it).
     */
    private static void archiveClassesIfAsked() {
        if (System.getProperty(ClassDataDump.PROPERTY) != null) {
            Thread dump = new Thread(() -> ClassDataDump.ifAsked().ifPresent(log::info), "class-data-dump");
            dump.setDaemon(true);
            dump.start();
        }
    }

    /**
     * Follows {@code task}'s configuration on the control plane with the task's key of {@code
     * SVC_CONNECT_PROXY_KEY} and the drain token of the environment; the proxy starts with the
     * first revision ({@link DynamicProxy#started()}).
     */
    public static DynamicProxy follow(ControlPlaneEndpoints controlPlanes, Optional<CaBundle> trust, String task) {
        return follow(controlPlanes, trust, task, ProxyProcess.builderFromEnvironment());
    }

    private static DynamicProxy follow(
            ControlPlaneEndpoints controlPlanes, Optional<CaBundle> trust, String task, Proxy.Builder builder) {
        DynamicProxy dynamic = DynamicProxy.follow(
                ControlPlaneKey.with(controlPlanes, System.getenv(ControlPlaneKey.VARIABLE)), trust, task, builder);
        log.info("waiting for the first configuration of task {} from {}", task, controlPlanes);
        return dynamic;
    }

    /** The sidecar's arguments, checked: a control plane and a task, or a static configuration file. */
    record Arguments(ControlPlaneEndpoints controlPlanes, String task, Optional<CaBundle> trust, Path config) {

        static Arguments parse(String... args) {
            String controlPlane = null;
            String task = null;
            Path caBundle = null;
            Path config = null;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value (" + USAGE + ")");
                }
                switch (args[i]) {
                    case "--control-plane" -> controlPlane = args[i + 1];
                    case "--task" -> task = args[i + 1];
                    case "--ca-bundle" -> caBundle = Path.of(args[i + 1]);
                    case "--config" -> config = Path.of(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (" + USAGE + ")");
                }
            }
            if (config != null) {
                if (controlPlane != null || task != null || caBundle != null) {
                    throw new IllegalArgumentException("--config goes alone (" + USAGE + ")");
                }
                return new Arguments(null, null, Optional.empty(), config);
            }
            if (controlPlane == null || task == null || task.isBlank()) {
                throw new IllegalArgumentException("--control-plane and --task are required (" + USAGE + ")");
            }
            ControlPlaneEndpoints controlPlanes = ControlPlaneEndpoints.parse("--control-plane", controlPlane);
            try {
                return new Arguments(controlPlanes, task, CaBundle.choose(caBundle), null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ca-bundle: " + e.getMessage(), e);
            }
        }
    }
}
