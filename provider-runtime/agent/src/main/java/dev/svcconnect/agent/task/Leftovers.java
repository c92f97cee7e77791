package dev.svcconnect.agent.task;

import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.sandbox.Cgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cleans what an agent that was killed (SIGKILL, a crash) or stopped left in its data directory
 * and no agent takes over (the control plane no longer wants the task, or {@link Adoption} refused
 * it): for every {@link TaskRecord}, the task's recorded processes and their children (SIGTERM, then SIGKILL
 * after one grace period shared by all tasks), then its cgroups, then its network (namespace, veth,
 * hosts file).
 * Processes are known by pid and start time, so no other program is touched: a record without a
 * start time, or naming pid 1 or less, is left alone. The control plane replaces the tasks
 * themselves once it has lost the old agent's host.
 */
public final class Leftovers {

    /** How long a leftover process gets between SIGTERM and SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private Leftovers() {}

    /**
     * Cleans every task recorded under {@code data}, reporting one line per thing cleaned to
     * {@code log}; answers how many tasks were cleaned.
     */
    public static int clean(Path data, Isolation isolation, Cgroups cgroups, Consumer<String> log) throws IOException {
        return clean(TaskRecord.directoriesWithRecords(data), isolation, cgroups, log);
    }

    /**
     * Cleans the tasks recorded in {@code directories} (task directories), reporting one line per
     * thing cleaned to {@code log}; answers how many tasks were cleaned.
     */
    public static int clean(List<Path> directories, Isolation isolation, Cgroups cgroups, Consumer<String> log)
            throws IOException {
        Map<Path, TaskRecord> records = new LinkedHashMap<>();
        List<ProcessHandle> live = new ArrayList<>();
        for (Path directory : directories) {
            Optional<TaskRecord> record = TaskRecord.read(directory);
            if (record.isPresent()) {
                records.put(directory, record.get());
                live.addAll(signalProcesses(record.get(), taskLog(directory, log)));
            }
        }
        stopAll(live, log);
        for (Path directory : directories) {
            TaskRecord record = records.get(directory);
            if (record != null) {
                cgroups.removeLeftover(directory.getFileName().toString()).forEach(taskLog(directory, log));
                isolation.reclaim(record.network()).forEach(taskLog(directory, log));
            }
            TaskRecord.delete(directory);
        }
        return directories.size();
    }

    private static Consumer<String> taskLog(Path directory, Consumer<String> log) {
        String task = directory.getFileName().toString();
        return line -> log.accept("task " + task + ": " + line);
    }

    /** Sends SIGTERM to the record's live processes and their children; answers them all. */
    static List<ProcessHandle> signalProcesses(TaskRecord record, Consumer<String> log) {
        List<ProcessHandle> live = new ArrayList<>();
        for (TaskRecord.RecordedProcess recorded : record.processes()) {
            if (!recorded.verifiable()) {
                log.accept("left alone: " + recorded.name() + " (pid " + recorded.pid()
                        + "), its record does not identify it (pid or start time missing)");
                continue;
            }
            recorded.live().ifPresent(process -> {
                List<ProcessHandle> children = process.descendants().toList();
                live.add(process);
                live.addAll(children);
                log.accept("SIGTERM to " + recorded.name() + " (pid " + process.pid() + ")"
                        + (children.isEmpty() ? "" : " and its " + children.size() + " child process(es)"));
            });
        }
        live.forEach(ProcessHandle::destroy);
        return live;
    }

    /** Gives every signalled process one shared grace period, then SIGKILLs those still running. */
    static void stopAll(List<ProcessHandle> live, Consumer<String> log) {
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (live.stream().anyMatch(p -> !ended(p)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle process : live) {
            if (!ended(process)) {
                process.destroyForcibly();
                log.accept("SIGKILL to pid " + process.pid() + " after " + GRACE.toSeconds() + " s");
            }
        }
    }

    /**
     * Whether a process has exited: gone, or a zombie that nobody reaps (its parent, the killed
     * agent, is gone, and init may not reap).
     */
    public static boolean ended(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        if (!Files.isDirectory(Path.of("/proc"))) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
