package dev.svcconnect.controlplane.scheduling;

import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.HostLoad;
import dev.svcconnect.controlplane.document.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the unplaced tasks of a cluster run: on the ACTIVE host of their launch type with the fewest
 * tasks among those with enough CPU and memory left (Fargate-like capacity gives every task a host
 * of its own, so only EC2 hosts are bounded); ties go to the lower host ARN.
 */
public final class Placement {

    /**
     * What placement decided for one task.
     *
     * @param task an unplaced task that should run
     * @param host the host to place it on; empty when hosts of its launch type exist but none has room
     */
    public record Decision(Task task, Optional<Host> host) {}

    private Placement() {}

    /**
     * Decides, in task order, for every unplaced task that should run and that a host of its launch
     * type could take; a task of a launch type no host runs is left out, to wait for one.
     *
     * @param hosts the cluster's hosts, in any status
     * @param tasks the cluster's tasks, in any state
     */
    public static List<Decision> decide(List<Host> hosts, List<Task> tasks) {
        List<Host> active = hosts.stream().filter(Host::isActive).toList();
        List<Decision> decisions = new ArrayList<>();
        if (active.isEmpty()) {
            return decisions;
        }
        Map<String, HostLoad> loads = new HashMap<>(HostLoad.byHost(tasks));
        for (Task task : tasks) {
            if (task.isPlaced() || !task.wantsToRun()) {
                continue;
            }
            List<Host> matching = active.stream()
                    .filter(h -> task.launchType().equals(h.launchType()))
                    .toList();
            if (matching.isEmpty()) {
                continue;
            }
            Optional<Host> chosen = matching.stream()
                    .filter(h -> "FARGATE".equals(task.launchType())
                            || load(loads, h).fits(h, task))
                    .min(Comparator.<Host>comparingInt(h -> load(loads, h).tasks())
                            .thenComparing(Host::arn));
            chosen.ifPresent(h -> loads.put(h.arn(), load(loads, h).with(task)));
            decisions.add(new Decision(task, chosen));
        }
        return decisions;
    }

    private static HostLoad load(Map<String, HostLoad> loads, Host host) {
        return loads.getOrDefault(host.arn(), HostLoad.EMPTY);
    }
}
