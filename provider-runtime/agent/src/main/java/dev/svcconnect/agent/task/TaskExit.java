package dev.svcconnect.agent.task;

/**
 * Why a task ended on its own: an essential container exited or failed its health checks.
 *
 * @param reason the task's stopped reason, as ECS words it
 * @param exitCode the essential container's exit code; null when it did not exit (a failed health check)
 */
record TaskExit(String reason, Integer exitCode) {

    TaskExit {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: is blank (expected: why the task stopped)");
        }
    }
}
