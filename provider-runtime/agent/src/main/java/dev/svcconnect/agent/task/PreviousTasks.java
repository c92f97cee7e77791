package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.TaskAssignment;
import dev.svcconnect.model.watch.TaskReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a new agent does with the tasks a previous agent on the same data directory left recorded
 * (an upgrade, a crash, kill -9): a task the control plane still wants running and whose
 * processes and network are still there is taken over ({@link Adoption}, {@link TaskRunner#adopt});
 * every other record is cleaned ({@link Leftovers}), and a task the control plane still knows on
 * this host is reported STOPPED, with the reason when it could not be taken over.
 */
public final class PreviousTasks {

    private final Path data;
    private final Isolation isolation;
    private final TaskSettings settings;
    private final ControlPlaneLink controlPlane;
    private final Consumer<String> log;
    private final List<Path> toClean = new ArrayList<>();
    private final Map<String, String> toReport = new LinkedHashMap<>();

    /**
     * @param log where one line per task taken over and per thing cleaned goes
     */
    public PreviousTasks(
            TaskSettings settings, Isolation isolation, ControlPlaneLink controlPlane, Consumer<String> log) {
        this.settings = requireNonNull(settings, "settings");
        this.data = settings.dataDirectory();
        this.isolation = requireNonNull(isolation, "isolation");
        this.controlPlane = requireNonNull(controlPlane, "controlPlane");
        this.log = requireNonNull(log, "log");
    }

    /**
     * The runners (not started yet) of the recorded tasks that {@code assignments} (the host's
     * current ones) still want running and that can be taken over, by task id; the other records
     * wait for {@link #cleanTheRest()}.
     */
    public Map<String, TaskRunner> adopt(List<TaskAssignment> assignments) throws IOException {
        Map<String, TaskAssignment> byId = new LinkedHashMap<>();
        assignments.forEach(a -> byId.put(a.task().taskId(), a));
        Map<String, TaskRunner> adopted = new LinkedHashMap<>();
        for (Path directory : TaskRecord.directoriesWithRecords(data)) {
            String taskId = directory.getFileName().toString();
            Optional<TaskRecord> record = TaskRecord.read(directory);
            TaskAssignment assignment = byId.get(taskId);
            if (record.isEmpty() || assignment == null || !assignment.task().shouldRun()) {
                toClean.add(directory);
                if (assignment != null) {
                    toReport.put(taskId, null);
                }
                continue;
            }
            Adoption adoption = Adoption.decide(record.get(), processNames(assignment), isolation, directory);
            if (adoption.adoptable()) {
                adopted.put(taskId, TaskRunner.adopt(assignment, settings, controlPlane, isolation, adoption));
                log.accept("task " + taskId + ": taken over, network "
                        + record.get().network() + ", " + describe(adoption.processes()));
            } else {
                log.accept("task " + taskId + ": " + adoption.refusal());
                toClean.add(directory);
                toReport.put(taskId, adoption.refusal());
            }
        }
        return adopted;
    }

    /**
     * Cleans every record {@link #adopt} did not take over, then reports STOPPED each such task
     * the control plane still assigns to this host; answers how many tasks were cleaned.
     */
    public int cleanTheRest() throws IOException {
        int cleaned = Leftovers.clean(toClean, isolation, settings.sandbox().cgroups(), log);
        toReport.forEach((taskId, reason) -> controlPlane.report(taskId, TaskReport.stopped(reason, null)));
        toClean.clear();
        toReport.clear();
        return cleaned;
    }

    /** The processes a task runs: its containers and, with Service Connect, its sidecar proxy. */
    static List<String> processNames(TaskAssignment assignment) {
        List<String> names = new ArrayList<>();
        if (assignment.hasServiceConnect()) {
            names.add(TaskRecord.RecordedProcess.SIDECAR);
        }
        ContainerSpec.of(
                        assignment.taskDefinition() == null ? Json.mapper().missingNode() : assignment.taskDefinition())
                .forEach(c -> names.add(c.name()));
        return names;
    }

    private static String describe(Map<String, ProcessHandle> processes) {
        List<String> parts = new ArrayList<>();
        processes.forEach((name, process) -> parts.add(name + " (pid " + process.pid() + ")"));
        return String.join(", ", parts);
    }
}
