package dev.svcconnect.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.network.TaskNetwork;
import dev.svcconnect.model.watch.WatchResult;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a task's hosts file in step with its alias hosts on the control plane (the watch route
 * {@code GET /watch/v1/tasks/{id}/hosts}), on a daemon thread of its own until interrupted.
 */
final class HostsFileWatcher {

    private static final Logger log = LoggerFactory.getLogger(HostsFileWatcher.class);
    private static final long RETRY_MILLIS = 1000;

    private HostsFileWatcher() {}

    /** Starts following the task's alias hosts; interrupting the answered thread stops it. */
    static Thread start(String taskId, ControlPlaneLink controlPlane, TaskNetwork network) {
        Thread thread = new Thread(
                () -> follow(taskId, controlPlane, network),
                "hosts-" + taskId.substring(0, Math.min(8, taskId.length())));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void follow(String taskId, ControlPlaneLink controlPlane, TaskNetwork network) {
        long revision = -1;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Optional<WatchResult<JsonNode>> hosts = controlPlane.hosts(taskId, revision);
                if (hosts.isPresent()) {
                    revision = hosts.get().revision();
                    Map<String, String> aliases = new TreeMap<>();
                    hosts.get()
                            .value()
                            .properties()
                            .forEach(e -> aliases.put(e.getKey(), e.getValue().asText()));
                    network.writeHosts(aliases);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("task {}: hosts file: {}", taskId, e.getMessage());
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
