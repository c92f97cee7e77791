package dev.svcconnect.local.environment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.engine.ResourceListener;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control plane of this directory's local deployment, run in the background:
 * <pre>
 * .svc-connect/control-plane.json   its pid and endpoint, read by the next command
 * .svc-connect/data/                its store (the stacks, services and tasks)
 * .svc-connect/logs/control-plane.log
 * .svc-connect/agents.json          the host agents' names, pids and arguments
 * .svc-connect/logs/agent-NAME.log
 * </pre>
 * {@link #start()} reuses the running one when its pid is alive and it answers {@code /health};
 * otherwise it launches {@code svc-connect control-plane --port 0} and waits (up to 30 s) for the
 * line that says where it listens.
 *
 * <pre>{@code
 * LocalEnvironment environment = new LocalEnvironment(Path.of(".svc-connect"), launcher);
 * URI endpoint = environment.start();
 * }</pre>
 */
public final class LocalEnvironment {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Runs the control plane in a session of its own, so that a Ctrl-C of a later command spares it. */
    static final Path SETSID = Path.of("/usr/bin/setsid");

    /** The profile of the admin key in {@link #adminCredentialsFile(Path)}. */
    public static final String ADMIN_PROFILE = "svc-connect";

    private final Path directory;
    private final Launchers launchers;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * An environment kept in {@code directory} that runs every process with one command.
     *
     * @param launcher the command that runs {@code svc-connect} (for example {@code java -cp JAR
     *                 dev.svcconnect.cli.SvcConnect}); the subcommand and its options are appended
     */
    public LocalEnvironment(Path directory, List<String> launcher) {
        this(directory, Launchers.of(launcher));
    }

    /**
     * An environment kept in {@code directory} whose control plane, agents and load balancers each run
     * on a command of their own (the same {@code svc-connect} with their JVM options,
     * {@link dev.svcconnect.model.jvm.JvmOptions}).
     */
    public LocalEnvironment(Path directory, Launchers launchers) {
        this.directory = requireNonNull(directory, "directory");
        this.launchers = requireNonNull(launchers, "launchers");
    }

    /** The directory that holds the environment. */
    /**
     * The admin key of this environment's control plane ({@code data/admin-credentials}, profile
     * {@code svc-connect}), unless the environment names other credentials (AWS_ACCESS_KEY_ID,
     * AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE).
     */
    public software.amazon.awssdk.auth.credentials.AwsCredentialsProvider adminCredentials() {
        return adminCredentials(directory);
    }

    /**
     * Where the control plane of the environment in {@code directory} wrote its admin key: an AWS
     * shared credentials file, profile {@link #ADMIN_PROFILE}.
     */
    public static Path adminCredentialsFile(Path directory) {
        return directory.resolve("data").resolve("admin-credentials");
    }

    /** {@link #adminCredentials()} of the environment in {@code directory}. */
    public static software.amazon.awssdk.auth.credentials.AwsCredentialsProvider adminCredentials(Path directory) {
        Path file = adminCredentialsFile(directory);
        return dev.svcconnect.provider.ControlPlane.environmentOr(
                software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.builder()
                        .profileFile(() -> software.amazon.awssdk.profiles.ProfileFile.builder()
                                .content(file)
                                .type(software.amazon.awssdk.profiles.ProfileFile.Type.CREDENTIALS)
                                .build())
                        .profileName(ADMIN_PROFILE)
                        .build());
    }

    public Path directory() {
        return directory;
    }

    /** The endpoint of the running control plane, if there is one. */
    public Optional<URI> running() {
        Optional<JsonNode> record = record();
        if (record.isEmpty()) {
            return Optional.empty();
        }
        long pid = record.get().path("pid").asLong();
        URI endpoint = URI.create(record.get().path("endpoint").asText());
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive && healthy(endpoint) ? Optional.of(endpoint) : Optional.empty();
    }

    /** The running control plane's endpoint, starting one on SQLite first if none runs. */
    public URI start() {
        return start(null);
    }

    /**
     * The running control plane's endpoint, starting one first if none runs, on {@code store}
     * ({@code svc-connect control-plane --store}: a PostgreSQL JDBC URL; null for the SQLite file of
     * the environment). A control plane already running on another store is an error.
     */
    public URI start(String store) {
        String where = storeName(store);
        Optional<URI> running = running();
        if (running.isPresent()) {
            String runningOn =
                    record().map(r -> r.path("store").asText("sqlite")).orElse("sqlite");
            if (!runningOn.equals(where)) {
                throw new DeployException(
                        "the local control plane runs on " + runningOn + ", not " + where
                                + " (expected: the same --store as the deploy that started it, or 'svc-connect destroy' first)");
            }
            return running.get();
        }
        Path log = directory.resolve("logs").resolve("control-plane.log");
        Process process;
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            }
            command.addAll(launchers.controlPlane());
            command.addAll(List.of(
                    "control-plane",
                    "--port",
                    "0",
                    "--data",
                    directory.resolve("data").toString()));
            if (store != null) {
                command.addAll(List.of("--store", store));
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new DeployException(
                    "cannot start the control plane (" + String.join(" ", launchers.controlPlane()) + "): "
                            + e.getMessage(),
                    e);
        }
        URI endpoint = awaitListening(process, log);
        ObjectNode record = Json.mapper()
                .createObjectNode()
                .put("pid", process.pid())
                .put("endpoint", endpoint.toString())
                .put("store", where);
        try {
            Files.writeString(recordFile(), record.toPrettyString());
        } catch (IOException e) {
            process.destroy();
            throw new DeployException("cannot write " + recordFile() + ": " + e.getMessage(), e);
        }
        return endpoint;
    }

    /**
     * The host agents that applied resources need (see {@link Agents}), against the control plane
     * at {@code endpoint}; they report what they start and stop to {@code out}.
     */
    public ResourceListener agents(URI endpoint, PrintStream out) {
        return new Agents(directory, launchers, endpoint, out);
    }

    /**
     * Stops the host agents (each cleans up its tasks first), then the control plane (SIGTERM, then
     * SIGKILL after 10 s), and forgets them; answers whether a control plane ran.
     *
     * @throws DeployException once everything is stopped, when an agent had to be killed before it
     *     cleaned up its tasks, naming them
     */
    public boolean stop(PrintStream out) {
        DeployException agentsLeftTasks = null;
        try {
            new Agents(directory, launchers, URI.create("http://127.0.0.1"), out).stopAll();
        } catch (DeployException e) {
            agentsLeftTasks = e;
        }
        boolean ran = stopControlPlane();
        if (agentsLeftTasks != null) {
            throw agentsLeftTasks;
        }
        return ran;
    }

    private boolean stopControlPlane() {
        Optional<JsonNode> record = record();
        if (record.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process =
                ProcessHandle.of(record.get().path("pid").asLong());
        process.ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(recordFile());
        } catch (IOException e) {
            throw new DeployException("cannot delete " + recordFile() + ": " + e.getMessage(), e);
        }
        return process.isPresent();
    }

    private URI awaitListening(Process process, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = readLog(log);
            Matcher matcher = LISTENING.matcher(text);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new DeployException("the control plane exited with code " + process.exitValue()
                        + " before listening; its log " + log + " ends: " + tail(text));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new DeployException("interrupted while starting the control plane", e);
            }
        }
        process.destroy();
        throw new DeployException("the control plane did not say where it listens within " + START_TIMEOUT.toSeconds()
                + " s; see " + log);
    }

    /** The store as the record keeps it: {@code sqlite}, or the URL without its query (no password). */
    private static String storeName(String store) {
        return store == null ? "sqlite" : store.split("\\?", 2)[0];
    }

    private boolean healthy(URI endpoint) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<JsonNode> record() {
        Path file = recordFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode record = Json.mapper().readTree(file.toFile());
            return record.has("pid") && record.has("endpoint") ? Optional.of(record) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path recordFile() {
        return directory.resolve("control-plane.json");
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? "(empty)" : trimmed.substring(Math.max(0, trimmed.length() - 400));
    }
}
