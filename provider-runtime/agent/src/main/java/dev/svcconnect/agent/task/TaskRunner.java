package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.artifact.ArtifactInstaller;
import dev.svcconnect.agent.artifact.ArtifactUnavailableException;
import dev.svcconnect.agent.logs.LogShipper;
import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.network.TaskNetwork;
import dev.svcconnect.agent.sandbox.TaskLimits;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.TaskAssignment;
import dev.svcconnect.model.watch.TaskReport;
import dev.svcconnect.model.watch.TaskSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one task on a host, on a thread of its own: (after the {@code startAfter} time the
 * control plane gives a service's replacements once its tasks keep failing) network, sidecar proxy, containers,
 * health, then, when asked or when an essential container exits, deregistration delay, drain,
 * SIGTERM, stop timeout, SIGKILL, and a network left clean.
 */
public final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    /** The first inbound port the agent gives a task's Service Connect services. */
    public static final int FIRST_INGRESS_PORT = 15000;

    private static final String ASKED = "Task stopped by the control plane";
    private static final String DETACHED = "The host agent exited leaving the task running";
    private static final Duration POLL = Duration.ofMillis(200);

    private final String taskId;
    private final TaskAssignment assignment;
    private final TaskSettings settings;
    private final ControlPlaneLink controlPlane;
    private final Isolation isolation;
    private final Path directory;
    private final StopSequence stopSequence;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** The task a previous agent started, when this runner takes it over; else null. */
    private final Adoption adoption;

    private volatile String stopReason;
    private volatile TaskNetwork network;
    private TaskProcesses processes;
    private Thread hostsWatcher;
    private LogShipper logShipper;

    /**
     * @param assignment one entry of the host's task assignments
     */
    public TaskRunner(
            TaskAssignment assignment, TaskSettings settings, ControlPlaneLink controlPlane, Isolation isolation) {
        this(assignment, settings, controlPlane, isolation, null);
    }

    private TaskRunner(
            TaskAssignment assignment,
            TaskSettings settings,
            ControlPlaneLink controlPlane,
            Isolation isolation,
            Adoption adoption) {
        this.adoption = adoption;
        this.assignment = requireNonNull(assignment, "assignment");
        this.settings = requireNonNull(settings, "settings");
        this.controlPlane = requireNonNull(controlPlane, "controlPlane");
        this.isolation = requireNonNull(isolation, "isolation");
        this.taskId = assignment.task().taskId();
        this.directory = TaskFiles.directory(settings.dataDirectory(), taskId);
        this.stopSequence = new StopSequence(taskId, controlPlane);
    }

    /**
     * A runner that takes over a task a previous agent on this data directory started and that
     * still runs ({@link Adoption#adoptable()}): no restart, no PENDING report; once its health
     * checks pass it reports RUNNING again and is supervised as if this agent had started it.
     */
    public static TaskRunner adopt(
            TaskAssignment assignment,
            TaskSettings settings,
            ControlPlaneLink controlPlane,
            Isolation isolation,
            Adoption adoption) {
        if (!requireNonNull(adoption, "adoption").adoptable()) {
            throw new IllegalArgumentException("adoption: refused (" + adoption.refusal() + ")");
        }
        return new TaskRunner(assignment, settings, controlPlane, isolation, adoption);
    }

    public String taskId() {
        return taskId;
    }

    /** The name of the task's network (namespace or loopback address), or null before it has one. */
    public String networkName() {
        TaskNetwork current = network;
        return current == null ? null : current.name();
    }

    /** Starts the task on a thread of its own; {@link #finished()} completes once it stopped. */
    public TaskRunner start() {
        Thread thread = new Thread(this::run, "task-" + taskId.substring(0, Math.min(8, taskId.length())));
        thread.start();
        return this;
    }

    /** Stops the task for a reason of this host's, which its STOPPED report carries; idempotent. */
    public void stop(String reason) {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = reason;
            }
            notifyAll();
        }
    }

    /** Stops the task as the control plane asked; the control plane keeps its own stop reason. */
    public void stopAsAsked() {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = ASKED;
            }
            notifyAll();
        }
    }

    /**
     * Leaves the task running for the next agent on this data directory: its hosts file and log
     * shipping stop (the shipped offsets are kept), its record stays; {@link #finished()}
     * completes without a stop.
     */
    public void detach() {
        stop(DETACHED);
    }

    /** Completes once the task has stopped and its network is gone (or, detached, it was left running). */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    private void run() {
        List<ContainerSpec> containers = ContainerSpec.of(taskDefinition());
        String reason = null;
        Integer exitCode = null;
        try {
            long startAfter = assignment.task().startAfter() == null
                    ? 0
                    : assignment.task().startAfter() * 1000;
            while (stopReason == null && System.currentTimeMillis() < startAfter) {
                waitForStop(Duration.ofMillis(Math.min(1000, startAfter - System.currentTimeMillis())));
            }
            if (stopReason != null) {
                shutDown(containers, stopReason, null);
                return;
            }
            if (adoption == null) {
                launch(containers);
            } else {
                takeOver(containers);
            }
            TaskExit exit = awaitHealthy(containers);
            // A stop (or the agent leaving) ends the wait too: only a task that became healthy is
            // reported RUNNING, or its endpoints would take traffic before its ports accept it.
            if (exit == null && stopReason == null) {
                report(TaskReport.runningHealthy());
                log.info("task {}: RUNNING and healthy", taskId);
                exit = monitor(containers);
            }
            if (exit != null) {
                reason = exit.reason();
                exitCode = exit.exitCode();
            } else {
                reason = stopReason;
            }
        } catch (SecretsUnavailableException | ArtifactUnavailableException e) {
            reason = e.getMessage();
            log.warn("task {}: {}", taskId, reason);
        } catch (IOException | RuntimeException e) {
            // A stop asked for during the start is why the start gave up: report the stop's reason.
            reason = stopReason != null ? stopReason : "Task failed to start: " + e.getMessage();
            log.warn("task {}: {} ({})", taskId, reason, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "The host agent stopped";
        }
        shutDown(containers, reason, exitCode);
    }

    /**
     * Opens the task's network, reports PENDING, installs the containers' artifacts, starts the
     * sidecar proxy and the containers.
     */
    private void launch(List<ContainerSpec> containers) throws IOException, InterruptedException {
        TaskSecrets secrets = secrets();
        Files.createDirectories(directory);
        network = isolation.open(taskId, directory);
        processes = new TaskProcesses(assignment.task().taskArn(), taskId, directory, network, settings.sandbox());
        processes.secrets(secrets);
        processes.record();
        processes.createCgroup(TaskLimits.of(taskDefinition()), containers);
        log.info("task {}: network {} ({})", taskId, network.name(), network.address());
        settings.sandbox().limitations().forEach(line -> log.info("task {}: {}", taskId, line));
        report(pendingState());
        startHostsWatcher();
        startLogShipper(containers);
        ArtifactInstaller artifacts = new ArtifactInstaller(settings.artifacts());
        for (ContainerSpec container : containers) {
            processes.installArtifact(container, artifacts);
        }
        if (assignment.hasServiceConnect()) {
            processes.startProxy(
                    settings.proxyCommand(),
                    settings.classData(),
                    controlPlane.proxyKey(taskId),
                    () -> stopReason != null);
        }
        for (ContainerSpec container : containers) {
            processes.startContainer(container);
        }
    }

    /** Takes over the network and processes a previous agent started: the hosts file and log shipping go on. */
    private void takeOver(List<ContainerSpec> containers) throws IOException {
        network = adoption.network();
        processes = TaskProcesses.adopted(taskId, directory, adoption, containers, settings.sandbox());
        try {
            processes.secrets(secrets());
        } catch (SecretsUnavailableException e) {
            // The containers run with theirs already; only a health check would miss them.
            log.warn("task {}: taken over without its secrets for health checks: {}", taskId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes.record();
        log.info(
                "task {}: taken over from a previous agent, network {} ({})",
                taskId,
                network.name(),
                network.address());
        startHostsWatcher();
        startLogShipper(containers);
    }

    private JsonNode taskDefinition() {
        return assignment.taskDefinition() == null ? Json.mapper().missingNode() : assignment.taskDefinition();
    }

    /** The resolved secrets of the task's containers (none asked for when no container has any). */
    private TaskSecrets secrets() throws SecretsUnavailableException, InterruptedException {
        if (assignment.taskDefinition() == null || !ContainerSpec.anySecrets(assignment.taskDefinition())) {
            return TaskSecrets.none();
        }
        TaskSecrets secrets = controlPlane.secrets(taskId);
        log.info("task {}: secrets resolved: {}", taskId, secrets);
        return secrets;
    }

    /** The PENDING report: the task's addresses and the inbound port of each Service Connect service. */
    private TaskReport pendingState() {
        Map<String, Integer> ingress = new LinkedHashMap<>();
        int next = FIRST_INGRESS_PORT;
        if (assignment.hasServiceConnect()) {
            for (JsonNode service : assignment.serviceConnectConfiguration().path("services")) {
                if (!service.has("ingressPortOverride")) {
                    ingress.put(service.path("portName").asText(), next++);
                }
            }
        }
        return new TaskReport(
                "PENDING",
                network.address(),
                network.appAddress(),
                ingress,
                null,
                null,
                null,
                network.aliasPrefix(),
                network.adminAddress());
    }

    private void startHostsWatcher() {
        hostsWatcher = HostsFileWatcher.start(taskId, controlPlane, network);
    }

    /** Ships the containers' and the proxy's new log lines to the control plane, on a thread of its own. */
    private void startLogShipper(List<ContainerSpec> containers) {
        boolean sidecar = assignment.hasServiceConnect();
        Map<String, Path> logs = new LinkedHashMap<>();
        for (ContainerSpec container : containers) {
            logs.put(container.name(), TaskFiles.log(directory, container.name()));
        }
        logShipper = LogShipper.start(
                taskId,
                logs,
                sidecar ? TaskFiles.proxyLog(directory) : null,
                controlPlane::shipLogs,
                TaskFiles.logOffsets(directory));
    }

    /** Waits until every port accepts and every health check passes; an Exit if the task ended. */
    private TaskExit awaitHealthy(List<ContainerSpec> containers) throws InterruptedException {
        while (true) {
            TaskExit exit = processes.essentialExit(containers);
            if (exit != null || stopReason != null) {
                return exit;
            }
            if (healthy(containers)) {
                return null;
            }
            waitForStop(POLL);
        }
    }

    /**
     * Whether every container's ports accept and its health check, if it has one, passes. The
     * check's command runs only once the ports accept: a command such as {@code java -jar app.jar
     * health} is a JVM start, which a host starting several tasks cannot spare every 200 ms.
     */
    private boolean healthy(List<ContainerSpec> containers) {
        for (ContainerSpec container : containers) {
            for (int port : container.ports().values()) {
                if (!network.accepts(network.appAddress(), port)) {
                    return false;
                }
            }
            if (container.healthCheck() != null && !processes.healthCheckPasses(container)) {
                return false;
            }
        }
        return true;
    }

    /** Watches a running task until it is asked to stop (null) or an essential container exits. */
    private TaskExit monitor(List<ContainerSpec> containers) throws InterruptedException {
        Map<String, Integer> failures = new LinkedHashMap<>();
        Map<String, Long> nextCheck = new LinkedHashMap<>();
        while (stopReason == null) {
            TaskExit exit = processes.essentialExit(containers);
            if (exit != null) {
                return exit;
            }
            long now = System.nanoTime();
            for (ContainerSpec container : containers) {
                if (container.healthCheck() == null || nextCheck.getOrDefault(container.name(), 0L) > now) {
                    continue;
                }
                nextCheck.put(
                        container.name(),
                        now + container.healthCheck().interval().toNanos());
                if (processes.healthCheckPasses(container)) {
                    failures.remove(container.name());
                } else if (failures.merge(container.name(), 1, Integer::sum)
                        >= container.healthCheck().retries()) {
                    return new TaskExit("Task failed container health checks: " + container.name(), null);
                }
            }
            waitForStop(POLL);
        }
        return null;
    }

    private synchronized void waitForStop(Duration timeout) throws InterruptedException {
        if (stopReason == null) {
            wait(timeout.toMillis());
        }
    }

    /** The stop sequence ({@link StopSequence}), then the task's helpers and network are released. */
    private void shutDown(List<ContainerSpec> containers, String reason, Integer exitCode) {
        String finalReason = reason != null ? reason : stopReason;
        if (DETACHED.equals(finalReason)) {
            leaveRunning();
            return;
        }
        try {
            if (network != null) {
                stopSequence.deregister(settings.deregistrationDelay());
            }
            if (processes != null) {
                stopSequence.drainProxy(processes.proxy());
                stopSequence.terminate(processes.containers(), StopSequence.stopTimeout(containers));
            }
            release();
            stopSequence.reportStopped(ASKED.equals(finalReason) ? null : finalReason, exitCode);
            log.info("task {}: STOPPED ({})", taskId, finalReason);
        } finally {
            finished.complete(null);
        }
    }

    /** Stops the helpers of a task this agent leaves running; its network, processes and record stay. */
    private void leaveRunning() {
        try {
            stopHelpers();
            log.info("task {}: left running", taskId);
        } finally {
            finished.complete(null);
        }
    }

    private void stopHelpers() {
        if (hostsWatcher != null) {
            hostsWatcher.interrupt();
        }
        if (logShipper != null) {
            logShipper.close();
        }
    }

    /** Stops the hosts watcher and the log shipper, frees the cgroups and the network, forgets the task's record. */
    private void release() {
        stopHelpers();
        if (processes != null && processes.cgroup() != null) {
            processes.cgroup().close().stream()
                    .filter(line -> !line.startsWith("removed"))
                    .forEach(line -> log.warn("task {}: {}", taskId, line));
        }
        if (network != null) {
            network.close();
            forgetRecord();
        }
    }

    private void forgetRecord() {
        try {
            TaskRecord.delete(directory);
        } catch (IOException e) {
            log.warn("task {}: cannot remove {}: {}", taskId, TaskRecord.FILE, e.getMessage());
        }
    }

    private void report(TaskReport state) {
        controlPlane.report(taskId, state);
    }
}
