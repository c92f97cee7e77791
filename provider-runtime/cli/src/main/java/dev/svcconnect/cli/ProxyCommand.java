package dev.svcconnect.cli;

import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.proxy.DynamicProxy;
import dev.svcconnect.proxy.HostLoadBalancer;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.ProxyProcess;
import dev.svcconnect.proxy.Sidecar;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import dev.svcconnect.proxy.config.ProxyConfigFile;
import dev.svcconnect.proxy.metrics.EmfWriter;
import dev.svcconnect.proxy.tls.MeshCredentials;
import dev.svcconnect.proxy.tls.MeshTls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect proxy}: runs a sidecar proxy, from a file or following the control plane.
 * SIGTERM (or {@code POST /drain} on the admin port) drains it, then it exits. With
 * {@code SVC_CONNECT_ADMIN_TOKEN} in its environment (the host agent sets it for each sidecar), {@code POST
 * /drain} must carry that secret as {@code Authorization: Bearer}.
 */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        description = "Run a sidecar proxy (normally started by the host agent).")
final class ProxyCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ProxyCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE.json", description = "A static configuration (see docs/proxy.md).")
    private Path config;

    @Option(names = "--control-plane", paramLabel = "URL", description = "Follow this control plane's watch API.")
    private String controlPlane;

    @Option(
            names = "--task",
            paramLabel = "TASK_ID",
            description = "The task this proxy serves (with --control-plane).")
    private String task;

    @Option(
            names = "--emf-log",
            paramLabel = "FILE",
            description = "Also append CloudWatch embedded metric format lines (namespace AWS/ECS) to FILE every 5 s.")
    private Path emfLog;

    @Option(
            names = "--load-balance",
            paramLabel = "DISCOVERY_NAME",
            description = "Run as a host load balancer over this discovery name's endpoints (with --control-plane,"
                    + " --namespace and --listen).")
    private String loadBalance;

    @Mixin
    private CaBundleOption caBundle;

    @Option(
            names = "--mesh-cert",
            paramLabel = "FILE",
            description = "With --config: the PEM certificate chain for listeners with mutualTls (its URI SANs"
                    + " are the proxy's SPIFFE IDs), with --mesh-key and --mesh-trust. A proxy that follows a"
                    + " control plane gets its certificate there instead.")
    private Path meshCert;

    @Option(names = "--mesh-key", paramLabel = "FILE", description = "The PEM private key (PKCS#8) of --mesh-cert.")
    private Path meshKey;

    @Option(
            names = "--mesh-trust",
            paramLabel = "FILE",
            description = "The PEM CA certificates a peer's chain must end in, with --mesh-cert.")
    private Path meshTrust;

    @Option(names = "--namespace", paramLabel = "NAME", description = "The namespace of --load-balance.")
    private String namespace;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "The listener of --load-balance.")
    private String listen;

    @Option(
            names = "--protocol",
            paramLabel = "PROTOCOL",
            defaultValue = "http",
            description = "The protocol of --load-balance: http, http2, grpc or tcp (default: ${DEFAULT-VALUE}).")
    private String protocol;

    @Option(
            names = "--admin",
            paramLabel = "HOST:PORT",
            description = "The admin listener of --load-balance (default: 127.0.0.1:9901).")
    private String admin;

    @Override
    public Integer call() throws Exception {
        ProxyProcess.leakDetectionOffUnlessAsked();
        if (loadBalance != null) {
            return loadBalance();
        }
        if ((config == null) == (controlPlane == null)) {
            throw new ParameterException(
                    spec.commandLine(), "give either --config FILE.json or --control-plane URL --task TASK_ID");
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
            Proxy.Builder builder = ProxyProcess.builderFromEnvironment();
            staticMeshTls().ifPresent(tls -> builder.meshTls(() -> tls));
            proxy = builder.start(ProxyConfigFile.read(config));
            owner = proxy;
        } else {
            DynamicProxy dynamic = Sidecar.follow(controlPlanes(), trust(), task);
            owner = dynamic;
            proxy = dynamic.started().join();
        }
        EmfWriter emf = null;
        if (emfLog != null) {
            try {
                emf = EmfWriter.start(emfLog, proxy.metrics(), DynamicProxy.METRICS_INTERVAL);
            } catch (IllegalArgumentException e) {
                closeQuietly(owner);
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        ProxyProcess.runUntilDrained(proxy, owner, emf);
        return 0;
    }

    /** The mutual TLS of {@code --mesh-cert/--mesh-key/--mesh-trust}, all three or none. */
    private Optional<MeshTls> staticMeshTls() {
        if (meshCert == null && meshKey == null && meshTrust == null) {
            return Optional.empty();
        }
        if (meshCert == null || meshKey == null || meshTrust == null || config == null) {
            throw new ParameterException(
                    spec.commandLine(), "--mesh-cert, --mesh-key and --mesh-trust go together, with --config");
        }
        try {
            return Optional.of(MeshTls.of(MeshCredentials.read(meshCert, meshKey, meshTrust)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int loadBalance() {
        if (controlPlane == null || namespace == null || listen == null || config != null || task != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--load-balance DISCOVERY_NAME goes with --control-plane URL --namespace NAME --listen HOST:PORT");
        }
        HostLoadBalancer lb;
        try {
            lb = HostLoadBalancer.start(
                    keyed(controlPlaneUri()),
                    trust(),
                    namespace,
                    loadBalance,
                    ListenerConfig.builder()
                            .name("load-balancer")
                            .discoveryName(loadBalance)
                            .bind(listen)
                            .protocol(Protocol.fromWireName(protocol))
                            .build(),
                    new AdminConfig(admin),
                    ProxyProcess.builderFromEnvironment());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        log.info("load balancing {} of namespace {} on {}", loadBalance, namespace, listen);
        ProxyProcess.runUntilDrained(lb.proxy(), lb);
        return 0;
    }

    /** {@code --control-plane URL1,URL2}: the replicas of a highly available control plane. */
    private ControlPlaneEndpoints controlPlanes() {
        try {
            return ControlPlaneEndpoints.parse("--control-plane", controlPlane);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Optional<CaBundle> trust() {
        try {
            return caBundle.trust();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--ca-bundle: " + e.getMessage());
        }
    }

    private URI controlPlaneUri() {
        try {
            URI uri = new URI(controlPlane);
            if (uri.getHost() == null) {
                throw new URISyntaxException(controlPlane, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--control-plane: '" + controlPlane + "' (expected: a URL such as http://127.0.0.1:7700)");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing the proxy: {}", e.getMessage());
        }
    }

    /** The control plane carrying the key the agent (or the local engine) gave this proxy in {@code SVC_CONNECT_PROXY_KEY}. */
    private static URI keyed(URI controlPlane) {
        return ControlPlaneKey.with(controlPlane, System.getenv(ControlPlaneKey.VARIABLE));
    }
}
