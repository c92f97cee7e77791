package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.agent.artifact.ArtifactInstaller;
import dev.svcconnect.agent.classdata.SidecarClassData;
import dev.svcconnect.agent.network.TaskNetwork;
import dev.svcconnect.agent.sandbox.RunAs;
import dev.svcconnect.agent.sandbox.Sandbox;
import dev.svcconnect.agent.sandbox.TaskCgroup;
import dev.svcconnect.agent.sandbox.TaskLimits;
import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.EventLoops;
import dev.svcconnect.model.watch.TaskSecrets;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one task in its network: how the sidecar proxy and each container's command start
 * (environment, user and namespaces through the host's {@link Sandbox}, logs, the {@link TaskRecord} a
 * killed agent's successor cleans up from), and which essential one has exited.
 *
 * <p>The sidecar proxy is the agent's own helper: it runs as the agent's user in the host's PID
 * namespace (so a container, in a PID namespace of its own and as another user, cannot see it or
 * read its environment), outside the task's cgroups, with the agent's environment plus
 * {@link #sidecarEnvironment} and, sized from the task's CPU, its number of event loops
 * ({@link TaskLimits#sidecarEventLoops}).
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
    private final Sandbox sandbox;
    /** The task's cgroups, or null without them. */
    private TaskCgroup cgroup;
    /** The task definition's CPU and memory, once {@link #createCgroup} has them; else null. */
    private TaskLimits limits;

    private final Map<String, Process> containers = new LinkedHashMap<>();
    private final Map<String, RunAs> users = new LinkedHashMap<>();
    private Process proxy;
    private TaskSecrets secrets = TaskSecrets.none();

    TaskProcesses(String taskArn, String taskId, Path directory, TaskNetwork network, Sandbox sandbox) {
        this.taskArn = requireNonNull(taskArn, "taskArn");
        this.taskId = requireNonNull(taskId, "taskId");
        this.directory = requireNonNull(directory, "directory");
        this.network = requireNonNull(network, "network");
        this.sandbox = requireNonNull(sandbox, "sandbox");
    }

    /**
     * The processes of a task this agent takes over ({@link Adoption}): the recorded sidecar proxy
     * and containers, as {@link AdoptedProcess}es.
     */
    static TaskProcesses adopted(
            String taskId, Path directory, Adoption adoption, List<ContainerSpec> specs, Sandbox sandbox) {
        TaskProcesses processes =
                new TaskProcesses(adoption.record().taskArn(), taskId, directory, adoption.network(), sandbox);
        processes.cgroup = sandbox.cgroups().existing(taskId);
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

    /** The resolved secrets of the containers, each given to its own container's environment only. */
    void secrets(TaskSecrets secrets) {
        this.secrets = requireNonNull(secrets, "secrets");
    }

    /** The sidecar proxy's process, or null when the task has none (yet). */
    Process proxy() {
        return proxy;
    }

    /**
     * Creates the task's cgroups with its limits where the host has cgroups; call it once the task's
     * record exists, so that an agent killed meanwhile leaves no cgroup that no record names.
     */
    void createCgroup(TaskLimits limits, List<ContainerSpec> specs) throws IOException {
        this.limits = limits;
        cgroup = sandbox.cgroups()
                .create(taskId, limits, specs.stream().map(ContainerSpec::name).toList());
    }

    /** The task's cgroups, or null without them. */
    TaskCgroup cgroup() {
        return cgroup;
    }

    /** The containers' processes, in the order they started. */
    Collection<Process> containers() {
        return containers.values();
    }

    /**
     * Starts the sidecar proxy and waits until its log says {@code proxy started}.
     *
     * @param classData the host's sidecar class-data archive: this sidecar maps it, or records
     *     the classes for it
     * @param proxyKey the task's key for the sidecar's watch and metrics calls, given to the
     *     sidecar process alone in {@code SVC_CONNECT_PROXY_KEY} (not on its command line, which
     *     every user can read; not to the containers)
     * @param stopRequested when true, the wait gives up
     */
    void startProxy(
            List<String> proxyCommand, SidecarClassData classData, String proxyKey, BooleanSupplier stopRequested)
            throws IOException, InterruptedException {
        SidecarClassData.Launch launch = classData.next();
        if (!launch.records()) {
            startProxy(SidecarClassData.command(proxyCommand, launch), proxyKey, stopRequested);
            return;
        }
        long logged = proxyLogSize();
        try {
            startProxy(SidecarClassData.command(proxyCommand, launch), proxyKey, stopRequested);
        } catch (IOException e) {
            String refusal = jvmRefusal(logged);
            if (refusal == null) {
                classData.notStarted(launch);
                throw e;
            }
            // The JVM would not record (no base archive): the task's sidecar starts without.
            classData.cannotRecord(launch, refusal);
            startProxy(proxyCommand, proxyKey, stopRequested);
            return;
        }
        classData.started(launch, proxy.toHandle());
    }

    private long proxyLogSize() throws IOException {
        Path proxyLog = TaskFiles.proxyLog(directory);
        return Files.exists(proxyLog) ? Files.size(proxyLog) : 0;
    }

    /** The JVM's own refusal to start, in what the sidecar logged from {@code offset} on; null when it said none. */
    private String jvmRefusal(long offset) throws IOException {
        String logged = proxyLogFrom(offset);
        int refused = logged.indexOf("Error occurred during initialization of VM");
        return refused < 0 ? null : logged.substring(refused).strip().replace('\n', ' ');
    }

    private String proxyLogFrom(long offset) throws IOException {
        Path proxyLog = TaskFiles.proxyLog(directory);
        if (!Files.exists(proxyLog)) {
            return "";
        }
        byte[] bytes = Files.readAllBytes(proxyLog);
        int from = (int) Math.min(offset, bytes.length);
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    /**
     * Waits, as long as a sidecar may take to start, for the sidecar to log {@code marker} (from
     * {@code offset} on).
     */
    private void awaitProxyLog(long offset, BooleanSupplier stopRequested, String marker)
            throws IOException, InterruptedException {
        Path proxyLog = TaskFiles.proxyLog(directory);
        long deadline = System.nanoTime() + PROXY_START_TIMEOUT.toNanos();
        while (true) {
            if (proxyLogFrom(offset).contains(marker)) {
                return;
            }
            if (!proxy.isAlive()) {
                throw new IOException("the sidecar proxy exited with " + proxy.exitValue() + " (see " + proxyLog + ")");
            }
            if (stopRequested.getAsBoolean()) {
                throw new IOException("the task was stopped while its sidecar proxy was starting");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the sidecar proxy did not start within " + PROXY_START_TIMEOUT.toSeconds()
                        + " s (see " + proxyLog + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Starts the sidecar proxy with {@code proxyCommand} as it is, and waits until it has started. */
    void startProxy(List<String> proxyCommand, String proxyKey, BooleanSupplier stopRequested)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(proxyCommand);
        String controlPlanes =
                network.controlPlanes().stream().map(URI::toString).collect(Collectors.joining(","));
        argv.addAll(List.of("--control-plane", controlPlanes, "--task", taskId));
        Path proxyLog = TaskFiles.proxyLog(directory);
        ProcessBuilder builder = new ProcessBuilder(network.command(argv))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(proxyLog.toFile()));
        builder.environment().putAll(sidecarEnvironment(newAdminToken(), proxyKey));
        if (limits != null) {
            builder.environment()
                    .put(
                            EventLoops.ENVIRONMENT_VARIABLE,
                            Integer.toString(limits.sidecarEventLoops(
                                    Runtime.getRuntime().availableProcessors())));
        }
        long logged = proxyLogSize();
        proxy = builder.start();
        record();
        awaitProxyLog(logged, stopRequested, "proxy started");
        log.info("task {}: sidecar proxy started (pid {})", taskId, proxy.pid());
    }

    /**
     * What the sidecar proxy gets in its environment on top of the agent's, which no container can
     * read: the secret its admin {@code POST /drain} then asks for, and the task's key for its
     * watch and metrics calls to the control plane.
     */
    static Map<String, String> sidecarEnvironment(String adminToken, String proxyKey) {
        return Map.of(AdminConfig.TOKEN_ENVIRONMENT_VARIABLE, adminToken, PROXY_KEY_VARIABLE, proxyKey);
    }

    private static String newAdminToken() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * Starts a container's command in the task's network and the host's {@link Sandbox}, in its working
     * directory ({@link TaskFiles#workDirectory}), its output appended to the container's log (which the
     * agent opens, so the container's user needs no right on it).
     */
    void startContainer(ContainerSpec container) throws IOException {
        if (container.argv().isEmpty()) {
            throw new IOException("container '" + container.name() + "' has no command to run");
        }
        RunAs user = user(container);
        Path work = TaskFiles.workDirectory(directory, container.name());
        sandbox.prepareWorkDirectory(directory, work, user);
        List<String> command = Sandbox.inCgroup(
                network.command(sandbox.container(container.argv(), user)),
                cgroup == null ? null : cgroup.procs(container.name()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        TaskFiles.log(directory, container.name()).toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment(container));
        Process process = builder.start();
        containers.put(container.name(), process);
        record();
        log.info("task {}: container {} started (pid {}, uid {})", taskId, container.name(), process.pid(), user.uid());
    }

    /** Runs a container's health check once, as the container's user, with its environment. */
    boolean healthCheckPasses(ContainerSpec container) {
        RunAs user = user(container);
        return container
                .healthCheck()
                .passes(
                        argv -> network.command(sandbox.asUser(argv, user)),
                        environment(container),
                        TaskFiles.workDirectory(directory, container.name()));
    }

    /**
     * Puts a container's artifact into its working directory (made first, as for its start), owned
     * by the container's user; nothing for a container without one.
     */
    void installArtifact(ContainerSpec container, ArtifactInstaller installer) throws IOException {
        if (container.artifact() == null) {
            return;
        }
        RunAs user = user(container);
        Path work = TaskFiles.workDirectory(directory, container.name());
        sandbox.prepareWorkDirectory(directory, work, user);
        installer.install(container.name(), container.artifact(), directory, work);
        sandbox.handOver(work, user);
        log.info(
                "task {}: container {}: artifact {} installed",
                taskId,
                container.name(),
                container.artifact().url());
    }

    /** The user a container runs as; IllegalArgumentException when its definition names none of this host. */
    private RunAs user(ContainerSpec container) {
        synchronized (users) {
            return users.computeIfAbsent(container.name(), name -> {
                try {
                    return sandbox.user(container.user());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("container '" + name + "': " + e.getMessage(), e);
                }
            });
        }
    }

    /**
     * What a container's processes (and its health check) get in their environment, and all they
     * get (never the agent's own): {@code PATH} and {@code HOME} ({@link Sandbox#environment}), the
     * task's network's variables, {@code SVC_CONNECT_PORT_*}, {@code SVC_CONNECT_APP_ADDRESS},
     * {@code ECS_CONTAINER_NAME}, {@code ECS_TASK_ARN}, then the container definition's
     * {@code environment}, which may override any of them.
     */
    Map<String, String> environment(ContainerSpec container) {
        Map<String, String> environment = new LinkedHashMap<>(
                Sandbox.environment(user(container), TaskFiles.workDirectory(directory, container.name())));
        environment.putAll(network.environment());
        container
                .ports()
                .forEach((name, port) -> environment.put(
                        "SVC_CONNECT_PORT_" + name.toUpperCase().replaceAll("[^A-Z0-9]", "_"), port.toString()));
        environment.put("SVC_CONNECT_APP_ADDRESS", network.appAddress());
        environment.put("ECS_CONTAINER_NAME", container.name());
        environment.put("ECS_TASK_ARN", taskArn);
        environment.putAll(container.environment());
        environment.putAll(secrets.of(container.name()));
        return environment;
    }

    /** The first essential container (or the sidecar proxy) that has exited; null while all run. */
    TaskExit essentialExit(List<ContainerSpec> specs) {
        for (ContainerSpec container : specs) {
            Process process = containers.get(container.name());
            if (container.essential() && process != null && !process.isAlive()) {
                return exit(container.name(), process, cgroup != null && cgroup.oomKilled(container.name()));
            }
        }
        if (proxy != null && !proxy.isAlive()) {
            return exit("the sidecar proxy", proxy, false);
        }
        return null;
    }

    /** ECS's reason for a container the kernel killed for exceeding its memory. */
    static final String OUT_OF_MEMORY = "OutOfMemoryError: Container killed due to memory usage";

    private static TaskExit exit(String name, Process process, boolean outOfMemory) {
        if (process instanceof AdoptedProcess) {
            return new TaskExit(
                    "Essential container in task exited: " + name
                            + " exited (exit code unknown: a previous agent started it)",
                    null);
        }
        return new TaskExit(
                "Essential container in task exited: " + name + " exited with code " + process.exitValue()
                        + (outOfMemory ? " (" + OUT_OF_MEMORY + ")" : ""),
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
