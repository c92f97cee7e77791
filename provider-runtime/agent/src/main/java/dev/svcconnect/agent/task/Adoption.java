package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.network.TaskNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a task a previous agent on this data directory recorded ({@link TaskRecord}) can be taken
 * over by this agent as it runs, without a restart: every process the task needs is recorded and
 * is still the one recorded (same pid and start time), and its network is still there and free to
 * take. Either {@link #network()} and {@link #processes()} are set, or {@link #refusal()} says why
 * not, as the STOPPED reason of the task.
 *
 * @param record the record it was decided on
 * @param network the task's network, taken over with its address's slot; null when refused
 * @param processes the task's live processes by recorded name; empty when refused
 * @param refusal why the task cannot be taken over; null when it can
 */
public record Adoption(TaskRecord record, TaskNetwork network, Map<String, ProcessHandle> processes, String refusal) {

    private static final String PREFIX = "Task could not be taken over after an agent restart: ";

    public Adoption {
        requireNonNull(record, "record");
        processes = Map.copyOf(processes);
        if ((network == null) == (refusal == null)) {
            throw new IllegalArgumentException("an adoption has either a network or a refusal");
        }
    }

    /** Whether the task runs on under this agent. */
    public boolean adoptable() {
        return refusal == null;
    }

    /**
     * Decides on a record: the processes first (which touches nothing), then the network.
     *
     * @param needed the names of the processes the task must have: each container's, and
     *     {@value TaskRecord.RecordedProcess#SIDECAR} for a task with a sidecar proxy
     */
    public static Adoption decide(TaskRecord record, Collection<String> needed, Isolation isolation, Path directory)
            throws IOException {
        Map<String, ProcessHandle> live = new LinkedHashMap<>();
        for (String name : needed) {
            Optional<TaskRecord.RecordedProcess> recorded = record.processes().stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst();
            if (recorded.isEmpty()) {
                return refused(record, name + " was never started");
            }
            String problem = problem(recorded.get());
            if (problem != null) {
                return refused(record, problem);
            }
            live.put(name, recorded.get().live().orElseThrow());
        }
        Optional<TaskNetwork> network = isolation.adopt(record.network(), directory);
        if (network.isEmpty()) {
            return refused(record, "its network " + record.network() + " is gone or taken by another agent");
        }
        return new Adoption(record, network.get(), live, null);
    }

    /** What keeps a recorded process from being taken over; null when it is still the one recorded. */
    private static String problem(TaskRecord.RecordedProcess recorded) {
        String process = recorded.name() + " (pid " + recorded.pid() + ")";
        if (!recorded.verifiable()) {
            return "the record does not identify " + process + " (pid or start time missing)";
        }
        if (recorded.live().isPresent()) {
            return Leftovers.ended(recorded.live().get()) ? process + " has exited" : null;
        }
        boolean pidInUse =
                ProcessHandle.of(recorded.pid()).map(p -> !Leftovers.ended(p)).orElse(false);
        return pidInUse ? process + " has exited and its pid now belongs to another process" : process + " has exited";
    }

    private static Adoption refused(TaskRecord record, String why) {
        return new Adoption(record, null, Map.of(), PREFIX + why);
    }
}
