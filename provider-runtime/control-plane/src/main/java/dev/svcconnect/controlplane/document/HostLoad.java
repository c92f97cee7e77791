package dev.svcconnect.controlplane.document;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the tasks placed on one host use: how many run, how many are on their way, and their CPU and
 * memory. The one place where a host's tasks are counted, for placement and for
 * DescribeContainerInstances.
 *
 * @param running tasks that are RUNNING
 * @param pending placed tasks that have not stopped and do not run (yet or any more)
 * @param used the CPU and memory of both
 */
public record HostLoad(int running, int pending, Resources used) {

    /** A host without tasks. */
    public static final HostLoad EMPTY = new HostLoad(0, 0, Resources.NONE);

    /** The load of every host that {@code tasks} are placed on, by host ARN; stopped tasks count for none. */
    public static Map<String, HostLoad> byHost(Collection<Task> tasks) {
        Map<String, HostLoad> loads = new HashMap<>();
        for (Task task : tasks) {
            if (task.isPlaced() && !task.isStopped()) {
                loads.merge(task.hostArn(), EMPTY.with(task), HostLoad::plus);
            }
        }
        return loads;
    }

    /** Every task on the host that has not stopped. */
    public int tasks() {
        return running + pending;
    }

    /** This load with one more task. */
    public HostLoad with(Task task) {
        return task.isRunning()
                ? new HostLoad(running + 1, pending, used.plus(task.resources()))
                : new HostLoad(running, pending + 1, used.plus(task.resources()));
    }

    /** The sum of two loads. */
    public HostLoad plus(HostLoad other) {
        return new HostLoad(running + other.running, pending + other.pending, used.plus(other.used));
    }

    /** Whether {@code task} fits in what {@code host} registered on top of this load. */
    public boolean fits(Host host, Task task) {
        return used.plus(task.resources()).fitsIn(host.registered());
    }
}
