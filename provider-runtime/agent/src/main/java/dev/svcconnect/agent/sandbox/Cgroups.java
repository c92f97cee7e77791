package dev.svcconnect.agent.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The cgroup v2 subtree the agents of this host put their tasks in: {@code CGROUP2/svc-connect/TASK_ID/CONTAINER},
 * with the {@code memory} and {@code cpu} controllers enabled down to each container's cgroup. Where the
 * host has no cgroup v2 hierarchy with both controllers (cgroup v1 or hybrid hosts), or the agent may
 * not write it (not root), {@link #unavailable()} says why and tasks run without limits.
 */
public final class Cgroups {

    /** The directory under the cgroup v2 mount that holds the tasks' cgroups. */
    public static final String PARENT = "svc-connect";

    private static final String CONTROLLERS = "+memory +cpu";

    private final Path parent;
    private final String unavailable;

    private Cgroups(Path parent, String unavailable) {
        this.parent = parent;
        this.unavailable = unavailable;
    }

    /**
     * The subtree on this host, made ready (controllers enabled, {@value #PARENT} created), or why
     * there is none.
     */
    public static Cgroups detect() {
        Optional<Path> mount = mountPoint();
        if (mount.isEmpty()) {
            return new Cgroups(null, "this host has no cgroup v2 hierarchy (no cgroup2 mount)");
        }
        return at(mount.get());
    }

    /** The subtree under the cgroup v2 hierarchy mounted at {@code mount}, or why it cannot be used. */
    static Cgroups at(Path mount) {
        try {
            List<String> controllers =
                    Arrays.asList(read(mount.resolve("cgroup.controllers")).split("\\s+"));
            if (!controllers.contains("memory") || !controllers.contains("cpu")) {
                return new Cgroups(
                        null,
                        "the cgroup v2 hierarchy at " + mount + " has no memory and cpu controllers (it has: "
                                + String.join(" ", controllers).trim()
                                + "; a host with cgroup v1 keeps them there)");
            }
            if (!Files.isWritable(mount.resolve("cgroup.subtree_control"))) {
                return new Cgroups(null, "the agent may not write the cgroup v2 hierarchy at " + mount);
            }
            enable(mount);
            Path parent = Files.createDirectories(mount.resolve(PARENT));
            enable(parent);
            return new Cgroups(parent, null);
        } catch (IOException e) {
            return new Cgroups(null, "the cgroup v2 hierarchy at " + mount + " cannot be used: " + e.getMessage());
        }
    }

    /** No cgroups, for this reason. */
    static Cgroups none(String reason) {
        return new Cgroups(null, reason);
    }

    /** The directory of the tasks' cgroups; null when {@link #unavailable()}. */
    public Path parent() {
        return parent;
    }

    /** Why tasks run without CPU and memory limits on this host; null when they get them. */
    public String unavailable() {
        return unavailable;
    }

    /**
     * Creates the cgroups of a task with its limits: the task's, and one per container (processes
     * join a container's, {@link TaskCgroup#procs}); null when cgroups are {@link #unavailable()}.
     */
    public TaskCgroup create(String taskId, TaskLimits limits, List<String> containers) throws IOException {
        if (parent == null) {
            return null;
        }
        TaskCgroup cgroup = new TaskCgroup(parent.resolve(taskId));
        try {
            cgroup.create(limits, containers);
        } catch (IOException | RuntimeException e) {
            cgroup.close();
            throw new IOException("cannot create the task's cgroup " + cgroup.directory() + ": " + e.getMessage(), e);
        }
        return cgroup;
    }

    /** The cgroups a previous agent created for a task it left running, for removal at its stop; null: none. */
    public TaskCgroup existing(String taskId) {
        if (parent == null || !Files.isDirectory(parent.resolve(taskId))) {
            return null;
        }
        return new TaskCgroup(parent.resolve(taskId));
    }

    /**
     * Removes what a task of an agent that is gone left in the subtree (its processes are killed
     * first); one line per cgroup removed.
     */
    public List<String> removeLeftover(String taskId) {
        TaskCgroup cgroup = existing(taskId);
        return cgroup == null ? List.of() : cgroup.close();
    }

    /** Where cgroup v2 is mounted: {@code /sys/fs/cgroup} on a unified host, else the first cgroup2 mount. */
    private static Optional<Path> mountPoint() {
        List<Path> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] halves = line.split(" - ", 2);
                String[] fields = halves[0].split(" ");
                if (halves.length == 2 && halves[1].startsWith("cgroup2 ") && fields.length > 4) {
                    mounts.add(Path.of(fields[4]));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return mounts.stream()
                .filter(m -> m.equals(Path.of("/sys/fs/cgroup")))
                .findFirst()
                .or(() -> mounts.stream().findFirst());
    }

    /** Enables the memory and cpu controllers for the children of {@code cgroup}. */
    static void enable(Path cgroup) throws IOException {
        List<String> enabled =
                Arrays.asList(read(cgroup.resolve("cgroup.subtree_control")).split("\\s+"));
        if (!enabled.contains("memory") || !enabled.contains("cpu")) {
            write(cgroup.resolve("cgroup.subtree_control"), CONTROLLERS);
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.UTF_8);
    }
}
