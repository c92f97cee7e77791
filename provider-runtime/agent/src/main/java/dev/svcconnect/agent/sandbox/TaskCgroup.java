package dev.svcconnect.agent.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One task's cgroups: {@code svc-connect/TASK_ID} with the task-level limits ({@code memory.max},
 * {@code cpu.max}) and one child per container with the container's ({@code memory.max},
 * {@code memory.low}, {@code cpu.weight}). The agent removes them when the task stops, or, left by an
 * agent that is gone, at the next agent's start.
 */
public final class TaskCgroup {

    private static final long RMDIR_WAIT_MILLIS = 3000;

    private final Path directory;

    TaskCgroup(Path directory) {
        this.directory = directory;
    }

    /** The task's cgroup directory. */
    public Path directory() {
        return directory;
    }

    /** The {@code cgroup.procs} file a container's first process writes itself into. */
    public Path procs(String container) {
        return directory.resolve(container).resolve("cgroup.procs");
    }

    /** Whether the kernel's OOM killer killed a process of the container (its {@code memory.events}). */
    public boolean oomKilled(String container) {
        try {
            for (String line : Files.readAllLines(directory.resolve(container).resolve("memory.events"))) {
                if (line.startsWith("oom_kill ")
                        && Long.parseLong(line.substring(9).trim()) > 0) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such cgroup (any more): nothing known
        }
        return false;
    }

    void create(TaskLimits limits, List<String> containers) throws IOException {
        Files.createDirectory(directory);
        if (limits.taskMemoryMib() > 0) {
            Cgroups.write(directory.resolve("memory.max"), Long.toString(TaskLimits.bytes(limits.taskMemoryMib())));
        }
        if (limits.taskCpuUnits() > 0) {
            Cgroups.write(directory.resolve("cpu.max"), limits.cpuMax());
        }
        Cgroups.enable(directory);
        for (String name : containers) {
            Path container = Files.createDirectory(directory.resolve(name));
            TaskLimits.Container limit = limits.containers().get(name);
            if (limit == null) {
                continue;
            }
            if (limit.memoryMib() > 0) {
                Cgroups.write(container.resolve("memory.max"), Long.toString(TaskLimits.bytes(limit.memoryMib())));
            }
            if (limit.memoryReservationMib() > 0) {
                Cgroups.write(
                        container.resolve("memory.low"), Long.toString(TaskLimits.bytes(limit.memoryReservationMib())));
            }
            if (limit.cpuUnits() > 0) {
                Cgroups.write(container.resolve("cpu.weight"), Long.toString(TaskLimits.cpuWeight(limit.cpuUnits())));
            }
        }
    }

    /**
     * Kills what still runs in the task's cgroups ({@code cgroup.kill}) and removes them, children
     * first; one line per cgroup removed or left.
     */
    public List<String> close() {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return lines;
        }
        List<Path> cgroups;
        try (Stream<Path> children = Files.list(directory)) {
            cgroups = new ArrayList<>(children.filter(Files::isDirectory).toList());
        } catch (IOException e) {
            cgroups = new ArrayList<>();
        }
        cgroups.add(directory);
        for (Path cgroup : cgroups) {
            kill(cgroup);
        }
        for (Path cgroup : cgroups) {
            lines.add(remove(cgroup));
        }
        return lines;
    }

    private static void kill(Path cgroup) {
        Path kill = cgroup.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Cgroups.write(kill, "1");
            } catch (IOException e) {
                // removal below says what is left
            }
        }
    }

    /** rmdir, retried while the killed processes exit (a cgroup with processes cannot be removed). */
    private static String remove(Path cgroup) {
        long deadline = System.nanoTime() + RMDIR_WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                Files.deleteIfExists(cgroup);
                return "removed cgroup " + cgroup;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    return "could not remove cgroup " + cgroup + ": " + e.getMessage();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return "could not remove cgroup " + cgroup + ": interrupted";
                }
            }
        }
    }
}
