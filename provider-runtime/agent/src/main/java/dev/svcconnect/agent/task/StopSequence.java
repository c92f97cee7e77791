package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.watch.TaskReport;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task stops, in ECS's order: {@link #deregister deregistration} ({@code DEACTIVATING}, the
 * deregistration delay so that the change reaches every client's proxy, {@code STOPPING}), the
 * sidecar proxy's {@link #drainProxy drain}, {@link #terminate SIGTERM} to every container, the stop
 * timeout, SIGKILL to what still runs, and the {@link #reportStopped STOPPED report}.
 */
final class StopSequence {

    private static final Logger log = LoggerFactory.getLogger(StopSequence.class);

    /** How long the sidecar proxy may drain its connections after SIGTERM. */
    static final Duration PROXY_DRAIN_LIMIT = Duration.ofSeconds(25);

    private static final Duration AFTER_SIGKILL = Duration.ofSeconds(5);

    private final String taskId;
    private final ControlPlaneLink controlPlane;

    StopSequence(String taskId, ControlPlaneLink controlPlane) {
        this.taskId = requireNonNull(taskId, "taskId");
        this.controlPlane = requireNonNull(controlPlane, "controlPlane");
    }

    /** The longest stop timeout of a task's containers: how long all of them may take after SIGTERM. */
    static Duration stopTimeout(List<ContainerSpec> containers) {
        return containers.stream()
                .map(ContainerSpec::stopTimeout)
                .max(Duration::compareTo)
                .orElse(ContainerSpec.DEFAULT_STOP_TIMEOUT);
    }

    /** Reports {@code DEACTIVATING} (deregistration), waits the deregistration delay, reports {@code STOPPING}. */
    void deregister(Duration deregistrationDelay) {
        report(TaskReport.of("DEACTIVATING"));
        sleepQuietly(deregistrationDelay);
        report(TaskReport.of("STOPPING"));
    }

    /** SIGTERM to the sidecar proxy (it drains), SIGKILL if it still runs after the drain limit; null: none. */
    void drainProxy(Process proxy) {
        if (proxy != null && proxy.isAlive()) {
            proxy.destroy();
            if (!waitFor(proxy, PROXY_DRAIN_LIMIT)) {
                proxy.destroyForcibly();
            }
        }
    }

    /**
     * SIGTERM to every process and its descendants, then one stop timeout for all of them together,
     * then SIGKILL to each (and its descendants) that still runs.
     */
    void terminate(Collection<Process> processes, Duration stopTimeout) {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        for (Process process : processes) {
            if (!waitFor(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                log.info("task {}: SIGKILL after the stop timeout of {} s", taskId, stopTimeout.toSeconds());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                waitFor(process, AFTER_SIGKILL);
            }
        }
    }

    /**
     * Reports {@code STOPPED}.
     *
     * @param reason the stopped reason; null when the control plane asked for the stop (it keeps its own)
     * @param exitCode the exit code of the essential container that ended the task, or null
     */
    void reportStopped(String reason, Integer exitCode) {
        report(TaskReport.stopped(reason, exitCode));
    }

    private void report(TaskReport state) {
        controlPlane.report(taskId, state);
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
