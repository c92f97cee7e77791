package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.agent.network.TaskNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one task in its network: how the sidecar proxy and each container's command start
 * (environment, logs, the {@link TaskRecord} a killed agent's successor cleans up from), and which
 * essential one has exited.
 */
final class TaskProcesses {

    /** The sidecar's key variable, as the proxy reads it ({@code dev.svcconnect.proxy.config.ControlPlaneKey}). */
    static final String PROXY_KEY_VARIABLE = "SVC_CONNECT_PROXY_KEY";

    private static final Logger log = LoggerFactory.getLogger(TaskProcesses.class);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROXY_START_TIMEOUT = Duration.ofSeconds(120);

    private final String taskArn;
    private final String taskId;
    private final Path directory;
    private final TaskNetwork network;
    private final Map<String, Process> containers = new LinkedHashMap<>();
    private Process proxy;

    TaskProcesses(String taskArn, String taskId, Path directory, TaskNetwork network) {
        this.taskArn = requireNonNull(taskArn, "taskArn");
        this.taskId = requireNonNull(taskId, "taskId");
        this.directory = requireNonNull(directory, "directory");
        this.network = requireNonNull(network, "network");
    }

    /**
     * The processes of a task this agent takes over ({@link Adoption}): the recorded sidecar proxy
     * and containers, as {@link AdoptedProcess}es.
     */
    static TaskProcesses adopted(String taskId, Path directory, Adoption adoption, List<ContainerSpec> specs) {
        TaskProcesses processes = new TaskProcesses(adoption.record().taskArn(), taskId, directory, adoption.network());
        ProcessHandle sidecar = adoption.processes().get(TaskRecord.RecordedProcess.SIDECAR);
        if (sidecar != null) {
            processes.proxy = new AdoptedProcess(sidecar);
        }
        for (ContainerSpec spec : specs) {
            processes.containers.put(
                    spec.name(), new AdoptedProcess(adoption.processes().get(spec.name())));
        }
        return processes;
    }

    /** The sidecar proxy's process, or null when the task has none (yet). */
    Process proxy() {
        return proxy;
    }

    /** The containers' processes, in the order they started. */
    Collection<Process> containers() {
        return containers.values();
    }

    /**
     * Starts the sidecar proxy and waits until its log says {@code proxy started}.
     *
     * @param proxyKey the task's key for the sidecar's watch and metrics calls, given to the
     *     sidecar process alone in {@code SVC_CONNECT_PROXY_KEY} (not on its command line, which
     *     every user can read; not to the containers)
     * @param stopRequested when true, the wait gives up
     */
    void startProxy(List<String> proxyCommand, String proxyKey, BooleanSupplier stopRequested)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(proxyCommand);
        argv.addAll(List.of("--control-plane", network.controlPlane().toString(), "--task", taskId));
        Path proxyLog = TaskFiles.proxyLog(directory);
        ProcessBuilder builder = new ProcessBuilder(network.command(argv))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(proxyLog.toFile()));
        builder.environment().put(PROXY_KEY_VARIABLE, proxyKey);
        proxy = builder.start();
        record();
        long deadline = System.nanoTime() + PROXY_START_TIMEOUT.toNanos();
        while (!Files.readString(proxyLog, StandardCharsets.UTF_8).contains("proxy started")) {
            if (!proxy.isAlive()) {
                throw new IOException("the sidecar proxy exited with " + proxy.exitValue() + " (see " + proxyLog + ")");
            }
            if (System.nanoTime() > deadline || stopRequested.getAsBoolean()) {
                throw new IOException("the sidecar proxy did not start within " + PROXY_START_TIMEOUT.toSeconds()
                        + " s (see " + proxyLog + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
        log.info("task {}: sidecar proxy started (pid {})", taskId, proxy.pid());
    }

    /** Starts a container's command in the task's network, its output appended to the container's log. */
    void startContainer(ContainerSpec container) throws IOException {
        if (container.argv().isEmpty()) {
            throw new IOException("container '" + container.name() + "' has no command to run");
        }
        ProcessBuilder builder = new ProcessBuilder(network.command(container.argv()))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        TaskFiles.log(directory, container.name()).toFile()));
        builder.environment().putAll(environment(container));
        Process process = builder.start();
        containers.put(container.name(), process);
        record();
        log.info("task {}: container {} started (pid {})", taskId, container.name(), process.pid());
    }

    /** What a container's processes (and its health check) get in their environment. */
    Map<String, String> environment(ContainerSpec container) {
        Map<String, String> environment = new LinkedHashMap<>(network.environment());
        container
                .ports()
                .forEach((name, port) -> environment.put(
                        "SVC_CONNECT_PORT_" + name.toUpperCase().replaceAll("[^A-Z0-9]", "_"), port.toString()));
        environment.put("SVC_CONNECT_APP_ADDRESS", network.appAddress());
        environment.put("ECS_CONTAINER_NAME", container.name());
        environment.put("ECS_TASK_ARN", taskArn);
        environment.putAll(container.environment());
        return environment;
    }

    /** The first essential container (or the sidecar proxy) that has exited; null while all run. */
    TaskExit essentialExit(List<ContainerSpec> specs) {
        for (ContainerSpec container : specs) {
            Process process = containers.get(container.name());
            if (container.essential() && process != null && !process.isAlive()) {
                return exit(container.name(), process);
            }
        }
        if (proxy != null && !proxy.isAlive()) {
            return exit("the sidecar proxy", proxy);
        }
        return null;
    }

    private static TaskExit exit(String name, Process process) {
        if (process instanceof AdoptedProcess) {
            return new TaskExit(
                    "Essential container in task exited: " + name
                            + " exited (exit code unknown: a previous agent started it)",
                    null);
        }
        return new TaskExit(
                "Essential container in task exited: " + name + " exited with code " + process.exitValue(),
                process.exitValue());
    }

    /** Records the task's network and processes ({@link TaskRecord}), for cleaning up after a killed agent. */
    void record() throws IOException {
        List<TaskRecord.RecordedProcess> recorded = new ArrayList<>();
        if (proxy != null) {
            recorded.add(TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle()));
        }
        containers.forEach((name, process) -> recorded.add(TaskRecord.RecordedProcess.of(name, process.toHandle())));
        new TaskRecord(taskArn, network.name(), recorded).write(directory);
    }
}
