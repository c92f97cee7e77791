package dev.svcconnect.controlplane.logs;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.logs.TaskLogLines;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The last lines of each task's containers and proxy, in memory, bounded: at most
 * {@code linesPerStream} lines per stream (older ones drop out), at most {@code maxTasks} tasks and
 * {@code maxChars} characters in all (beyond either, the task written least recently is forgotten
 * first), and a task is forgotten {@code retention} after it was marked stopped. Thread-safe.
 *
 * <pre>{@code
 * LogTails tails = new LogTails(Clock.systemUTC(), 100, 2000, 32 << 20, Duration.ofMinutes(5));
 * tails.append(taskId, new TaskLogLines(Map.of("app", List.of("started")), List.of()));
 * TaskLogLines tail = tails.tail(taskId);
 * }</pre>
 */
public final class LogTails {

    /** Lines kept per container and per proxy. */
    public static final int DEFAULT_LINES_PER_STREAM = 100;
    /** Tasks kept at most. */
    public static final int DEFAULT_MAX_TASKS = 2000;
    /** Characters kept at most over all tasks (about 64 MB). */
    public static final long DEFAULT_MAX_CHARS = 32L * 1024 * 1024;
    /** How long the lines of a stopped task stay. */
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(5);

    private final Clock clock;
    private final int linesPerStream;
    private final int maxTasks;
    private final long maxChars;
    private final Duration retention;
    /** In order of last write, least recent first. */
    private final LinkedHashMap<String, Tail> tasks = new LinkedHashMap<>();

    private long chars;

    public LogTails(Clock clock, int linesPerStream, int maxTasks, long maxChars, Duration retention) {
        this.clock = requireNonNull(clock, "clock");
        if (linesPerStream < 1) {
            throw new IllegalArgumentException("linesPerStream: " + linesPerStream + " (expected: 1 or more)");
        }
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks: " + maxTasks + " (expected: 1 or more)");
        }
        if (maxChars < TaskLogLines.MAX_LINE_CHARS) {
            throw new IllegalArgumentException(
                    "maxChars: " + maxChars + " (expected: " + TaskLogLines.MAX_LINE_CHARS + " or more)");
        }
        this.linesPerStream = linesPerStream;
        this.maxTasks = maxTasks;
        this.maxChars = maxChars;
        this.retention = requireNonNull(retention, "retention");
    }

    /** Tails with the defaults. */
    public static LogTails withDefaults(Clock clock) {
        return new LogTails(clock, DEFAULT_LINES_PER_STREAM, DEFAULT_MAX_TASKS, DEFAULT_MAX_CHARS, DEFAULT_RETENTION);
    }

    /** Adds a task's new lines after those it has; lines longer than {@link TaskLogLines#MAX_LINE_CHARS} are cut. */
    public synchronized void append(String taskId, TaskLogLines lines) {
        requireNonNull(taskId, "taskId");
        Tail tail = tasks.remove(taskId);
        if (tail == null) {
            tail = new Tail();
        }
        tasks.put(taskId, tail);
        for (Map.Entry<String, List<String>> stream : lines.containers().entrySet()) {
            add(tail, tail.containers.computeIfAbsent(stream.getKey(), name -> new ArrayDeque<>()), stream.getValue());
        }
        add(tail, tail.proxy, lines.proxy());
        Iterator<Map.Entry<String, Tail>> oldest = tasks.entrySet().iterator();
        while ((chars > maxChars || tasks.size() > maxTasks) && tasks.size() > 1) {
            chars -= oldest.next().getValue().chars;
            oldest.remove();
        }
    }

    private void add(Tail tail, ArrayDeque<String> stream, List<String> lines) {
        int skip = Math.max(0, lines.size() - linesPerStream);
        for (String line : lines.subList(skip, lines.size())) {
            String kept = cut(line);
            stream.addLast(kept);
            tail.chars += kept.length();
            chars += kept.length();
            if (stream.size() > linesPerStream) {
                int dropped = stream.removeFirst().length();
                tail.chars -= dropped;
                chars -= dropped;
            }
        }
    }

    private static String cut(String line) {
        if (line.length() <= TaskLogLines.MAX_LINE_CHARS) {
            return line;
        }
        int end = TaskLogLines.MAX_LINE_CHARS;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end);
    }

    /** The lines kept of a task, oldest first; none for a task not (or no longer) kept. */
    public synchronized TaskLogLines tail(String taskId) {
        Tail tail = tasks.get(taskId);
        if (tail == null) {
            return TaskLogLines.empty();
        }
        Map<String, List<String>> containers = new TreeMap<>();
        tail.containers.forEach((name, lines) -> containers.put(name, new ArrayList<>(lines)));
        return new TaskLogLines(containers, new ArrayList<>(tail.proxy));
    }

    /** The tasks kept. */
    public synchronized Set<String> taskIds() {
        return Set.copyOf(tasks.keySet());
    }

    /** Whether lines of this task are kept. */
    public synchronized boolean contains(String taskId) {
        return tasks.containsKey(taskId);
    }

    /** Notes that a task stopped (the first call counts): {@link #sweep()} forgets it after the retention. */
    public synchronized void stopped(String taskId) {
        Tail tail = tasks.get(taskId);
        if (tail != null && tail.stoppedAt == null) {
            tail.stoppedAt = clock.instant();
        }
    }

    /** Forgets the tasks that stopped at least the retention ago; answers how many. */
    public synchronized int sweep() {
        Instant limit = clock.instant().minus(retention);
        int forgotten = 0;
        for (Iterator<Tail> it = tasks.values().iterator(); it.hasNext(); ) {
            Tail tail = it.next();
            if (tail.stoppedAt != null && !tail.stoppedAt.isAfter(limit)) {
                chars -= tail.chars;
                it.remove();
                forgotten++;
            }
        }
        return forgotten;
    }

    /** The characters kept, over all tasks. */
    public synchronized long chars() {
        return chars;
    }

    private static final class Tail {
        final Map<String, ArrayDeque<String>> containers = new TreeMap<>();
        final ArrayDeque<String> proxy = new ArrayDeque<>();
        long chars;
        Instant stoppedAt;
    }
}
