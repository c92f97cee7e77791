package dev.svcconnect.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.logs.Delivery;
import dev.svcconnect.model.logs.TaskLogLines;
import dev.svcconnect.model.watch.TaskReport;
import dev.svcconnect.model.watch.TaskSecrets;
import dev.svcconnect.model.watch.WatchResult;
import java.util.Optional;

/** What a task needs of the control plane's watch API. */
public interface ControlPlaneLink {

    /** Reports a task's state ({@code POST /watch/v1/tasks/{id}/state}), retrying a while. */
    void report(String taskId, TaskReport report);

    /**
     * Waits for the task's alias hosts ({@code GET /watch/v1/tasks/{id}/hosts}) to differ from
     * {@code revision}; empty when they did not change in time.
     */
    Optional<WatchResult<JsonNode>> hosts(String taskId, long revision) throws InterruptedException;

    /**
     * The resolved secrets of the task's containers ({@code GET /watch/v1/tasks/{id}/secrets}),
     * retrying a while when the control plane does not answer.
     *
     * @throws SecretsUnavailableException when the control plane refuses (a parameter is missing)
     *     or does not answer
     */
    TaskSecrets secrets(String taskId) throws SecretsUnavailableException, InterruptedException;

    /**
     * A new key for the task's sidecar ({@code POST /watch/v1/tasks/{id}/proxy-key}):
     * {@code ACCESS_KEY_ID:SECRET}, which only the sidecar gets (the control plane deletes it
     * when the task is reported STOPPED).
     */
    String proxyKey(String taskId) throws java.io.IOException, InterruptedException;

    /** Sends new log lines of a task ({@code POST /watch/v1/tasks/{id}/logs}), once, without retrying. */
    Delivery shipLogs(String taskId, TaskLogLines lines) throws InterruptedException;
}
