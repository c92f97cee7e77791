package dev.svcconnect.controlplane.scheduling;

/**
 * How a service moves its tasks to its PRIMARY deployment, given its task counts: how many new
 * tasks to start, and how many RUNNING tasks of older deployments to keep for now (the others
 * stop).
 *
 * <p>Old tasks stay until new ones run in their place; the service holds at most
 * {@code maximumPercent} of its desired count in tasks, and when that leaves no room for a new
 * task, old ones stop down to {@code minimumHealthyPercent}, one new task at a time.
 *
 * @param start new tasks of the PRIMARY deployment to start
 * @param keepOldRunning RUNNING tasks of older deployments to keep
 */
public record RolloutPlan(int start, int keepOldRunning) {

    public RolloutPlan {
        if (start < 0 || keepOldRunning < 0) {
            throw new IllegalArgumentException(
                    "start " + start + ", keepOldRunning " + keepOldRunning + " (expected: 0 or more)");
        }
    }

    /**
     * The plan for one reconciliation.
     *
     * @param desired the PRIMARY deployment's desired count
     * @param maximumPercent tasks in all, in percent of {@code desired} (at least 100)
     * @param minimumHealthyPercent RUNNING tasks to keep, in percent of {@code desired} (0-100)
     * @param primaryLive tasks of the PRIMARY deployment that should run, at most {@code desired}
     * @param primaryRunning of those, the RUNNING ones
     * @param oldRunning RUNNING tasks of the older deployments
     */
    public static RolloutPlan of(
            int desired,
            int maximumPercent,
            int minimumHealthyPercent,
            int primaryLive,
            int primaryRunning,
            int oldRunning) {
        int maxTasks = Math.max(desired, desired * maximumPercent / 100);
        int minHealthy = (desired * minimumHealthyPercent + 99) / 100;
        int keep = Math.min(oldRunning, Math.max(0, desired - primaryRunning));
        if (primaryLive < desired && primaryLive + keep >= maxTasks) {
            keep = Math.max(Math.max(0, minHealthy - primaryRunning), Math.min(keep, maxTasks - primaryLive - 1));
        }
        int start = Math.max(0, Math.min(desired - primaryLive, maxTasks - keep - primaryLive));
        return new RolloutPlan(start, keep);
    }
}
