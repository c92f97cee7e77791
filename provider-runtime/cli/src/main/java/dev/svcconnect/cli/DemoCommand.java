package dev.svcconnect.cli;

import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.CloudAssembly;
import dev.svcconnect.local.assembly.Synthesizer;
import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.local.state.StackState;
import dev.svcconnect.provider.ControlPlane;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code svc-connect demo}: builds what is missing, synthesizes the sample's CDK app, deploys it
 * with the local engine, waits until every task is healthy, sends a little traffic through the
 * page and prints where everything is; then stays until Ctrl-C or {@code --duration} and
 * destroys what it deployed, stopping every process it started.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Build and deploy the sample app locally, send traffic, print its endpoints;"
                + " Ctrl-C tears it down.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LocalOptions local;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "Tear down this long (e.g. 60s, 5m) after printing where everything is, instead of"
                    + " waiting for Ctrl-C.")
    private String duration;

    @Option(
            names = "--port",
            defaultValue = "8800",
            paramLabel = "PORT",
            description = "The page's port on 127.0.0.1; the metrics are on PORT+1 (default: ${DEFAULT-VALUE}).")
    private int port;

    private final AtomicBoolean tornDown = new AtomicBoolean();
    private long started;
    private long deployStarted;
    private PrintStream out;
    private Path logs;
    private LocalEnvironment environment;
    private URI endpoint;
    private List<StackState> deployed;

    /** The demo's steps, in order; each prints its own line ({@code ==> ...}) or its failure. */
    @Override
    public Integer call() throws Exception {
        started = System.nanoTime();
        Duration stayFor = checkOptions();
        Path root = checkPrerequisites();
        buildWhatIsMissing(root);
        CloudAssembly assembly = synthesize(root);
        startControlPlane();
        if (!deploy(assembly) || !awaitHealthyAndShow()) {
            tearDown();
            return OneLineErrors.FAILED;
        }
        stay(stayFor);
        tearDown();
        return 0;
    }

    /** How long to stay ({@code --duration}), null for until Ctrl-C; a port with a free successor. */
    private Duration checkOptions() {
        Duration stayFor = duration == null ? null : DemoSteps.parseDuration(duration);
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("--port: " + port + " (expected: 1-65534)");
        }
        out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true, StandardCharsets.UTF_8);
        return stayFor;
    }

    /** The checkout's root; the logs directory made; Node.js present, the page's ports free. */
    private Path checkPrerequisites() throws IOException {
        Path root = DemoSteps.checkout();
        logs = local.dir.resolve("logs");
        DemoSteps.requireNode();
        DemoSteps.requireFreePorts(port, local.environment());
        Files.createDirectories(logs);
        return root;
    }

    private void buildWhatIsMissing(Path root) throws IOException, InterruptedException {
        DemoSteps.build(root, logs.resolve("demo-build.log"), out);
        DemoSteps.installCdkCli(root, logs.resolve("demo-npm.log"), out);
    }

    private CloudAssembly synthesize(Path root) {
        step(out, "Synthesizing the sample's CDK app (SampleApp)");
        String app = "CDK_CONTEXT_JSON='{\"sample:port\":" + port + "}' " + Synthesizer.appOf(root);
        return Synthesizer.synthesize(app, root, local.dir.resolve("cdk.out").toAbsolutePath());
    }

    /** Starts the local control plane; from then on, a shutdown (Ctrl-C) tears the demo down. */
    private void startControlPlane() {
        environment = local.environment();
        step(out, "Starting the local control plane");
        endpoint = environment.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::tearDown, "demo-teardown"));
    }

    /** Deploys the stacks with the local engine; false (with the failed task) when the deploy failed. */
    private boolean deploy(CloudAssembly assembly) {
        deployStarted = System.nanoTime();
        Path deployLog = logs.resolve("demo-deploy.log");
        step(
                out,
                "Deploying "
                        + String.join(
                                ", ",
                                assembly.select(List.of()).stream()
                                        .map(s -> s.stackName())
                                        .toList()) + " with the local engine (progress in " + deployLog + ")");
        try (PrintStream log = logFile(deployLog);
                ControlPlane controlPlane = ControlPlane.connect(endpoint.toString(), environment.adminCredentials())) {
            log.println("Control plane: " + endpoint);
            deployed = local.engine(environment, controlPlane, endpoint, log, Map.of())
                    .deploy(assembly.select(List.of()));
            return true;
        } catch (DeployException e) {
            out.println("The deploy failed: " + TaskDirectories.withLogsOf(e.getMessage(), local.dir));
            try (ControlPlane controlPlane =
                    ControlPlane.connect(endpoint.toString(), environment.adminCredentials())) {
                new DemoSummary(controlPlane, endpoint, local.dir).printFailedTask(out);
            }
            out.println("(the deploy's progress is in " + deployLog + ")");
            return false;
        }
    }

    /** Waits until every task is healthy, sends a little traffic, prints where everything is; false if that failed. */
    private boolean awaitHealthyAndShow() {
        try (ControlPlane controlPlane = ControlPlane.connect(endpoint.toString(), environment.adminCredentials())) {
            DemoSummary summary = new DemoSummary(controlPlane, endpoint, local.dir);
            summary.awaitAllHealthy(Duration.ofMinutes(2));
            long healthy = System.nanoTime();
            Duration toHealthy = Duration.ofNanos(healthy - started);
            Duration deployToHealthy = Duration.ofNanos(healthy - deployStarted);
            String pageUrl = pageUrl();
            step(out, "Sending a little traffic through the page");
            out.println("  " + DemoSteps.traffic(pageUrl));
            printWhereEverythingIs(pageUrl, toHealthy, deployToHealthy, summary);
            return true;
        } catch (RuntimeException e) {
            out.println("The demo failed: " + e.getMessage());
            return false;
        }
    }

    /** The page's URL: the stacks' {@code PageUrl} output, else the page's port on 127.0.0.1. */
    private String pageUrl() {
        return deployed.stream()
                .flatMap(s -> s.outputs().stream())
                .filter(o -> o.name().equals("PageUrl"))
                .map(o -> o.value())
                .findFirst()
                .orElse("http://127.0.0.1:" + port);
    }

    private void printWhereEverythingIs(
            String pageUrl, Duration toHealthy, Duration deployToHealthy, DemoSummary summary) {
        out.println();
        out.println("The page:        " + pageUrl);
        out.printf(
                Locale.ROOT,
                "Start to healthy: %.1f s (deploy start to healthy: %.1f s)%n",
                toHealthy.toMillis() / 1000.0,
                deployToHealthy.toMillis() / 1000.0);
        summary.printServices(out);
        out.println("Metrics:         http://127.0.0.1:" + (port + 1) + "/metrics (the load balancer's)");
        out.println("                 " + endpoint + "/metrics (every sidecar's, pushed every 5 s)");
        out.println("                 " + summary.sidecarMetricsCommand() + " (one sidecar's own)");
        Path credentials = LocalEnvironment.adminCredentialsFile(local.dir);
        out.println("Console:         " + endpoint + "/console (no login on loopback)");
        out.println("Control plane:   " + endpoint + " (the ECS and Cloud Map APIs, signed with the admin key)");
        out.println("Admin key:       " + credentials + " (AWS credentials file, profile "
                + LocalEnvironment.ADMIN_PROFILE + "), e.g.");
        out.println("                 AWS_SHARED_CREDENTIALS_FILE=" + credentials + " AWS_PROFILE="
                + LocalEnvironment.ADMIN_PROFILE + " aws ecs list-clusters --endpoint-url " + endpoint);
        out.println("Status:          ./svc-connect status --dir " + local.dir);
    }

    /** Stays until Ctrl-C, or for {@code stayFor}. */
    private void stay(Duration stayFor) throws InterruptedException {
        out.println();
        out.println(
                stayFor == null
                        ? "Running; Ctrl-C stops it and removes everything it started."
                        : "Running for " + duration + "; then (or on Ctrl-C) it removes everything it started.");
        CountDownLatch never = new CountDownLatch(1);
        if (stayFor == null) {
            never.await();
        } else {
            never.await(stayFor.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Destroys the stacks and stops every process the demo started; once, whoever calls first. */
    private void tearDown() {
        if (!tornDown.compareAndSet(false, true)) {
            return;
        }
        step(out, "Destroying the stacks and stopping what the demo started");
        Path log = local.dir.resolve("logs").resolve("demo-destroy.log");
        try (PrintStream destroyLog = logFile(log);
                ControlPlane controlPlane = ControlPlane.connect(endpoint.toString(), environment.adminCredentials())) {
            local.engine(environment, controlPlane, endpoint, destroyLog, Map.of())
                    .destroy(List.of());
        } catch (RuntimeException e) {
            out.println("  destroy failed: " + e.getMessage() + " (see " + log + "); stopping the processes anyway");
        }
        try {
            environment.stop(new PrintStream(OutputStream.nullOutputStream()));
            out.println(
                    "  done: no stack, task or process of the demo is left (state and logs stay in " + local.dir + ")");
        } catch (RuntimeException e) {
            out.println("  stopping failed: " + e.getMessage());
        }
    }

    private static void step(PrintStream out, String what) {
        out.println("==> " + what);
    }

    private static PrintStream logFile(Path file) {
        try {
            return new PrintStream(
                    Files.newOutputStream(
                            file,
                            java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                            java.nio.file.StandardOpenOption.WRITE),
                    true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeployException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
