package dev.svcconnect.cli;

import dev.svcconnect.proxy.DynamicProxy;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.config.ProxyConfigFile;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect proxy}: runs a sidecar proxy, from a file or following the control plane.
 * SIGTERM (or {@code POST /drain} on the admin port) drains it, then it exits.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Run a sidecar proxy (normally started by the host agent).")
final class ProxyCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ProxyCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE.json", description = "A static configuration (see docs/proxy.md).")
    private Path config;

    @Option(names = "--control-plane", paramLabel = "URL", description = "Follow this control plane's watch API.")
    private String controlPlane;

    @Option(names = "--task", paramLabel = "TASK_ID", description = "The task this proxy serves (with --control-plane).")
    private String task;

    @Override
    public Integer call() throws Exception {
        if ((config == null) == (controlPlane == null)) {
            throw new ParameterException(spec.commandLine(),
                    "give either --config FILE.json or --control-plane URL --task TASK_ID");
        }
        if (controlPlane != null && (task == null || task.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--task TASK_ID is required with --control-plane");
        }
        if (config != null && task != null) {
            throw new ParameterException(spec.commandLine(), "--task goes with --control-plane, not with --config");
        }
        AutoCloseable owner;
        Proxy proxy;
        if (config != null) {
            proxy = Proxy.builder().start(ProxyConfigFile.read(config));
            owner = proxy;
        } else {
            DynamicProxy dynamic = DynamicProxy.follow(controlPlaneUri(), task, Proxy.builder());
            owner = dynamic;
            log.info("waiting for the first configuration of task {} from {}", task, controlPlane);
            proxy = dynamic.started().join();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.drain().join();
            closeQuietly(owner);
            // A drained proxy is a clean stop: exit 0 rather than the JVM's 143 for SIGTERM.
            Runtime.getRuntime().halt(0);
        }, "proxy-sigterm"));
        proxy.drained().join();
        closeQuietly(owner);
        return 0;
    }

    private URI controlPlaneUri() {
        try {
            URI uri = new URI(controlPlane);
            if (uri.getHost() == null) {
                throw new URISyntaxException(controlPlane, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(),
                    "--control-plane: '" + controlPlane + "' (expected: a URL such as http://127.0.0.1:7700)");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing the proxy: {}", e.getMessage());
        }
    }
}
