package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.HostLoad;
import dev.svcconnect.controlplane.document.Resources;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.scheduling.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of RunTask's tasks can run, as ECS decides: for EC2, a cluster without an ACTIVE EC2 host
 * is refused, and a task that no host has room for is not started but answered as
 * {@code failures}, one per host, {@code RESOURCE:MEMORY} or {@code RESOURCE:CPU}. Fargate-like
 * tasks all start, and wait for capacity.
 */
final class RunTaskPlacement {

    private RunTaskPlacement() {}

    /**
     * The tasks of {@code started} that fit on the cluster's hosts, in order; adds the failures of
     * the others to {@code failures}.
     */
    static List<Task> placeable(
            List<Host> hosts, List<Task> existing, List<Task> started, String launchType, ArrayNode failures) {
        if (!launchType.equals("EC2")) {
            return started;
        }
        List<Host> active = hosts.stream()
                .filter(h -> h.isActive() && launchType.equals(h.launchType()))
                .toList();
        if (active.isEmpty()) {
            throw new ApiException("InvalidParameterException", "No Container Instances were found in your cluster.");
        }
        List<Task> all = new ArrayList<>(existing);
        all.addAll(started);
        Set<String> startedIds = started.stream().map(Task::id).collect(Collectors.toSet());
        Map<String, HostLoad> loads = new HashMap<>(HostLoad.byHost(existing));
        Set<String> unplaced = new HashSet<>();
        for (Placement.Decision decision : Placement.decide(hosts, all)) {
            Task task = decision.task();
            if (!startedIds.contains(task.id())) {
                continue;
            }
            if (decision.host().isPresent()) {
                loads.merge(decision.host().get().arn(), HostLoad.EMPTY.with(task), HostLoad::plus);
            } else {
                unplaced.add(task.id());
            }
        }
        for (Task task : started) {
            if (unplaced.contains(task.id())) {
                for (Host host : active) {
                    Resources left = host.registered()
                            .minus(loads.getOrDefault(host.arn(), HostLoad.EMPTY)
                                    .used());
                    String reason = task.resources().memory() > left.memory() ? "RESOURCE:MEMORY" : "RESOURCE:CPU";
                    failures.addObject().put("arn", host.arn()).put("reason", reason);
                }
            }
        }
        return started.stream().filter(t -> !unplaced.contains(t.id())).toList();
    }
}
