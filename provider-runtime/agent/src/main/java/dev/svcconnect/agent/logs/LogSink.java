package dev.svcconnect.agent.logs;

import dev.svcconnect.model.logs.TaskLogLines;

/** Where a task's new log lines go: the control plane's {@code POST /watch/v1/tasks/{taskId}/logs}. */
@FunctionalInterface
public interface LogSink {

    /** Sends one batch of a task's lines; never throws for a failed delivery, answers it. */
    Delivery ship(String taskId, TaskLogLines lines) throws InterruptedException;
}
