package dev.svcconnect.agent.host;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.artifact.ArtifactSource;
import dev.svcconnect.agent.classdata.SidecarClassData;
import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.sandbox.Sandbox;
import dev.svcconnect.agent.task.PreviousTasks;
import dev.svcconnect.agent.task.TaskRunner;
import dev.svcconnect.agent.task.TaskSettings;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.HostRegistered;
import dev.svcconnect.model.watch.HostRegistration;
import dev.svcconnect.model.watch.TaskAssignment;
import dev.svcconnect.model.watch.TaskAssignments;
import dev.svcconnect.model.watch.WatchResult;
import dev.svcconnect.model.watch.WireJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host of a cluster: registers with the control plane, heartbeats, follows its task assignments
 * and runs each task with a {@link TaskRunner}; on start, it takes over the tasks a previous agent on
 * the same data directory left running. Closing it stops every task and deregisters; {@link
 * #detach()} leaves them running for the next agent.
 *
 * <pre>{@code
 * try (HostAgent agent = HostAgent.start(config)) {
 *     agent.stopped().join();
 * }
 * }</pre>
 */
public final class HostAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostAgent.class);

    /** The control plane's {@code HostRegistry.HEARTBEAT_INTERVAL}, which its registration answer repeats. */
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    /**
     * A heartbeat that hangs (packets dropped) is given up after this, and sent again on a new
     * connection: a heartbeat late by its whole timeout would cost a host much of its loss timeout.
     */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    private final AgentConfig config;
    private final ControlPlaneClient client;
    private final Isolation isolation;
    private final TaskSettings taskSettings;
    private final Map<String, TaskRunner> tasks = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "agent-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final HeartbeatSchedule heartbeatSchedule =
            new HeartbeatSchedule(HEARTBEAT_INTERVAL, Duration.ofMillis(500), Duration.ofSeconds(2));
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile String hostId;
    private volatile String containerInstanceArn;
    private volatile boolean closing;
    private Thread watcher;

    private final FileLock dataLock;

    private HostAgent(AgentConfig config, Isolation isolation, FileLock dataLock, SidecarClassData classData) {
        this.config = config;
        this.dataLock = dataLock;
        this.client = new ControlPlaneClient(config.controlPlanes(), config.caBundle());
        this.isolation = isolation;
        this.taskSettings = new TaskSettings(
                config.dataDirectory(),
                proxyCommand(config),
                config.deregistrationDelay(),
                Sandbox.detect(),
                config.localS3() == null ? ArtifactSource.s3() : ArtifactSource.directory(config.localS3()),
                classData);
    }

    /**
     * The class-data archive of the sidecars, under {@code DATA/class-data}, when they run the
     * agent's own JDK and jar (the default command); a command of the user's own is left as it is.
     * A directory it cannot use costs the speed-up only, never the agent's start.
     */
    static SidecarClassData classData(AgentConfig config) {
        if (!config.proxyCommand().equals(AgentConfig.defaultProxyCommand())) {
            return SidecarClassData.off();
        }
        Path directory = config.dataDirectory().resolve("class-data");
        try {
            return SidecarClassData.in(directory, proxyCommand(config));
        } catch (IOException e) {
            log.warn("sidecar class-data sharing off: cannot use {}: {}", directory, e.toString());
            return SidecarClassData.off();
        }
    }

    /** The sidecar's command, which trusts the agent's CA bundle for an {@code https://} control plane. */
    private static List<String> proxyCommand(AgentConfig config) {
        List<String> command = new ArrayList<>(config.proxyCommand());
        config.caBundle()
                .ifPresent(bundle -> command.addAll(
                        List.of("--ca-bundle", bundle.file().toAbsolutePath().toString())));
        return command;
    }

    /** Registers the host and starts running its tasks. */
    public static HostAgent start(AgentConfig config) throws IOException, InterruptedException {
        requireNonNull(config, "config");
        String mode = config.isolation() != null ? config.isolation() : Isolation.canUseNetns() ? "netns" : "loopback";
        FileLock dataLock = lockDataDirectory(config.dataDirectory());
        Isolation isolation;
        try {
            isolation = mode.equals("netns")
                    ? Isolation.netns(
                            config.controlPlanes().all(), config.netns(), config.dataDirectory(), config.caBundle())
                    : Isolation.loopback(
                            config.controlPlanes().all(),
                            Path.of(System.getProperty("java.io.tmpdir"), "svc-connect-loopback"));
        } catch (IOException | RuntimeException e) {
            dataLock.channel().close();
            throw e;
        }
        HostAgent agent;
        try {
            agent = new HostAgent(config, isolation, dataLock, classData(config));
        } catch (RuntimeException e) {
            isolation.close();
            dataLock.channel().close();
            throw e;
        }
        agent.hostId = HostIdentity.read(config.dataDirectory()).orElse(null);
        try {
            agent.letContainersReachTheirDirectories();
            agent.register();
            agent.takeOverPreviousTasks();
        } catch (IOException | RuntimeException e) {
            isolation.close();
            agent.releaseDataDirectory();
            throw e;
        }
        agent.scheduleHeartbeat(HEARTBEAT_INTERVAL);
        agent.watcher = new Thread(agent::watchTasks, "agent-watch");
        agent.watcher.start();
        log.info(
                "agent: host {} of cluster {} ({}, {} isolation, data {})",
                agent.hostId,
                config.cluster(),
                config.fargate() ? "FARGATE" : "EC2",
                mode,
                config.dataDirectory().toAbsolutePath());
        log.info("agent: {}", agent.taskSettings.sandbox().describe());
        return agent;
    }

    /** Gives {@code o+x} to the directories above the task directories that lack it, saying so ({@link Sandbox#letContainersReach}). */
    private void letContainersReachTheirDirectories() throws IOException {
        for (Path opened :
                taskSettings.sandbox().letContainersReach(config.dataDirectory().resolve("tasks"))) {
            log.warn(
                    "agent: gave {} search permission for others (o+x, not read): containers run as their"
                            + " definition's user and must pass through it to reach their working directories;"
                            + " a --data directory under directories others may search leaves them as they are",
                    opened);
        }
    }

    /**
     * Takes over the tasks a previous agent on this data directory left running that the control
     * plane still wants here, then cleans what is left of the others ({@link PreviousTasks}).
     */
    private void takeOverPreviousTasks() throws IOException, InterruptedException {
        PreviousTasks previous = new PreviousTasks(
                taskSettings, isolation, client, line -> log.info("agent: left by a previous agent: {}", line));
        Optional<WatchResult<JsonNode>> answer = client.watch("/watch/v1/hosts/" + hostId + "/tasks", -1);
        List<TaskAssignment> current = answer.isPresent()
                ? read(answer.get().value(), TaskAssignments.class).validate().tasks()
                : List.of();
        Map<String, TaskRunner> adopted = previous.adopt(current);
        adopted.forEach(this::run);
        int cleaned = previous.cleanTheRest();
        if (!adopted.isEmpty()) {
            log.info(
                    "agent: took over {} task(s) a previous agent on {} left running",
                    adopted.size(),
                    config.dataDirectory());
        }
        if (cleaned > 0) {
            log.info("agent: cleaned {} task(s) a previous agent on {} left behind", cleaned, config.dataDirectory());
        }
    }

    /** Starts a runner as one of this host's tasks, forgotten once it has finished. */
    private void run(String id, TaskRunner runner) {
        tasks.put(id, runner);
        runner.start().finished().whenComplete((v, e) -> {
            finished.add(id);
            tasks.remove(id);
        });
    }

    /**
     * Holds {@code DATA/agent.lock} for the agent's life: a second agent on the same data directory
     * would take the first one's tasks for leftovers and stop them. The lock goes with the process,
     * also when it is killed.
     */
    private static FileLock lockDataDirectory(Path data) throws IOException {
        Path file = Files.createDirectories(data).resolve("agent.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by an agent of this process
        }
        channel.close();
        throw new IOException("data directory " + data.toAbsolutePath() + " is in use by another agent (it holds "
                + file + "); give each agent its own --data");
    }

    private void releaseDataDirectory() {
        try {
            dataLock.channel().close();
        } catch (IOException e) {
            // the lock goes with the process at the latest
        }
    }

    public String hostId() {
        return hostId;
    }

    public String containerInstanceArn() {
        return containerInstanceArn;
    }

    /** The ids of the tasks this host runs now. */
    public Set<String> taskIds() {
        return Set.copyOf(tasks.keySet());
    }

    /** The network (namespace or loopback address) of a task this host runs. */
    public Optional<String> networkName(String taskId) {
        return Optional.ofNullable(tasks.get(taskId)).map(TaskRunner::networkName);
    }

    /** Completes once {@link #close()} has stopped every task and deregistered. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /**
     * Registers with the host's agent key kept in the data directory, else with the join token
     * (which answers a new key, kept for the next registrations and restarts).
     */
    private void register() throws IOException, InterruptedException {
        Optional<String> key = HostIdentity.readKey(config.dataDirectory());
        if (key.isPresent()) {
            client.useCredential(key.get());
        } else if (config.joinToken() != null) {
            client.useCredential(config.joinToken());
        } else {
            throw new IOException("no host key in " + config.dataDirectory().resolve(HostIdentity.KEY_FILE)
                    + " and no join token: give --join-token (svc-connect join-token create --cluster "
                    + config.cluster() + ")");
        }
        HostRegistration registration = new HostRegistration(
                        config.cluster(),
                        hostId,
                        config.fargate() ? "FARGATE" : "EC2",
                        config.cpu(),
                        config.memory(),
                        isolation.hostAddress())
                .validate();
        HostRegistered answer;
        try {
            answer = read(client.post("/watch/v1/hosts", registration), HostRegistered.class)
                    .validate();
        } catch (ControlPlaneClient.ApiError e) {
            if (e.status() != 400 || hostId == null) {
                throw e;
            }
            log.warn(
                    "agent: the control plane refused the host id {} kept in {} ({}); registering as a new host",
                    hostId,
                    config.dataDirectory(),
                    e.getMessage());
            hostId = null;
            register();
            return;
        }
        hostId = answer.hostId();
        containerInstanceArn = answer.containerInstanceArn();
        if (answer.accessKeyId() != null) {
            HostIdentity.writeKey(config.dataDirectory(), answer.accessKeyId(), answer.secretAccessKey());
            client.useCredential(answer.accessKeyId() + ":" + answer.secretAccessKey());
        }
        HostIdentity.write(config.dataDirectory(), hostId);
    }

    /** An answer of the control plane, which this agent cannot use when it does not fit the contract. */
    private static <T> T read(JsonNode answer, Class<T> type) throws IOException {
        try {
            return WireJson.read(answer, type);
        } catch (IllegalArgumentException e) {
            throw new IOException("unexpected answer of the control plane: " + e.getMessage(), e);
        }
    }

    private void scheduleHeartbeat(Duration delay) {
        try {
            heartbeats.schedule(
                    () -> scheduleHeartbeat(heartbeatSchedule.after(heartbeat())),
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the agent is stopping: no more heartbeats
        }
    }

    /** Sends one heartbeat; whether it got through. */
    private boolean heartbeat() {
        try {
            client.post(
                    "/watch/v1/hosts/" + hostId + "/heartbeat", Json.mapper().createObjectNode(), HEARTBEAT_TIMEOUT);
            return true;
        } catch (ControlPlaneClient.ApiError e) {
            if (e.status() == 404 && !closing) {
                log.info("agent: the control plane no longer knows host {}; registering again", hostId);
                try {
                    register();
                    return true;
                } catch (IOException | RuntimeException again) {
                    log.warn("agent: registering again failed: {}", again.getMessage());
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            } else {
                log.warn("agent: heartbeat refused: {}", e.getMessage());
            }
        } catch (IOException e) {
            log.warn("agent: heartbeat failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void watchTasks() {
        long[] revision = {-1}; // the last applied: a stream that breaks resumes from it
        Duration backoff = Duration.ofMillis(200);
        while (!closing) {
            try {
                client.follow("/watch/v1/hosts/" + hostId + "/tasks", revision[0], answer -> {
                    apply(read(answer.value(), TaskAssignments.class).validate());
                    revision[0] = answer.revision();
                });
                backoff = Duration.ofMillis(200);
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                log.warn("agent: watching tasks failed: {}", e.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void apply(TaskAssignments assignments) {
        if (closing) {
            return;
        }
        Set<String> assigned = new HashSet<>();
        for (TaskAssignment assignment : assignments.tasks()) {
            String id = assignment.task().taskId();
            assigned.add(id);
            TaskRunner runner = tasks.get(id);
            if (assignment.task().shouldRun()) {
                if (runner == null && !finished.contains(id)) {
                    log.info("agent: starting task {}", id);
                    run(id, new TaskRunner(assignment, taskSettings, client, isolation));
                }
            } else if (runner != null) {
                runner.stopAsAsked();
            }
        }
        for (TaskRunner runner : tasks.values()) {
            if (!assigned.contains(runner.taskId())) {
                runner.stop("Task is no longer assigned to this host");
            }
        }
    }

    /**
     * Exits leaving every task running, as for an agent upgrade: stops following assignments and
     * heartbeats, each task's hosts file and log shipping (what was shipped is kept), keeps the
     * host registered and the task records; the next agent on the same data directory takes the
     * tasks over. The control plane marks the host lost if none comes back within its timeout.
     */
    public void detach() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        log.info("agent: leaving {} task(s) running for the next agent on {}", tasks.size(), config.dataDirectory());
        if (watcher != null) {
            watcher.interrupt();
        }
        heartbeats.shutdownNow();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (TaskRunner runner : tasks.values()) {
            runner.detach();
            all.add(runner.finished());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        isolation.close();
        releaseDataDirectory();
        log.info("agent: stopped, tasks left running");
        stopped.complete(null);
    }

    /** Stops every task (drain, SIGTERM, SIGKILL after the stop timeout), deregisters the host. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        log.info("agent: stopping {} task(s)", tasks.size());
        if (watcher != null) {
            watcher.interrupt();
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (TaskRunner runner : tasks.values()) {
            runner.stop("The host agent stopped");
            all.add(runner.finished());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        heartbeats.shutdownNow();
        try {
            client.post(
                    "/watch/v1/hosts/" + hostId + "/deregister", Json.mapper().createObjectNode());
        } catch (IOException e) {
            log.warn("agent: deregistering failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        isolation.close();
        releaseDataDirectory();
        log.info("agent: stopped");
        stopped.complete(null);
    }
}
