package dev.svcconnect.docs;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One terminal of a user who follows a document: a {@code bash} in its own session, in a fresh
 * directory, that runs the document's examples one after the other (background jobs stay, as in a
 * terminal). Closing it stops what the examples left running, as a user's Ctrl-C would: SIGTERM to
 * each of the shell's jobs, the last started first, each waited for (bounded), then SIGKILL to
 * whatever of them is left.
 */
final class DocShell implements AutoCloseable {

    /** How long what an example started in the background may take to print its line once the example ended. */
    static final Duration SHOWN_AFTER_END = Duration.ofSeconds(30);

    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final Path directory;
    private final Process bash;
    private final OutputStream input;
    private final StringBuffer output = new StringBuffer();
    private final AtomicInteger count = new AtomicInteger();
    private final Duration shownAfterEnd;

    /**
     * A shell in {@code directory} with {@code environment} added to this process's (PATH first:
     * {@code bin}) and the variables starting with one of {@code removed} taken out; what an
     * example starts in the background has {@code shownAfterEnd} to print the document's line.
     */
    DocShell(Path directory, Path bin, Map<String, String> environment, List<String> removed, Duration shownAfterEnd)
            throws IOException {
        this.directory = directory;
        this.shownAfterEnd = shownAfterEnd;
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "--noprofile", "--norc")
                .directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> removed.stream().anyMatch(name::startsWith));
        builder.environment().putAll(environment);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        bash = builder.start();
        input = bash.getOutputStream();
        Thread reader = new Thread(() -> copy(bash.getInputStream()), "doc-shell-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void copy(InputStream from) {
        byte[] buffer = new byte[8192];
        try (OutputStream log = Files.newOutputStream(directory.resolve("shell.log"))) {
            int read;
            while ((read = from.read(buffer)) > 0) {
                output.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                log.write(buffer, 0, read);
                log.flush();
            }
        } catch (IOException e) {
            output.append("\n(doc shell output unreadable: ").append(e).append(")\n");
        }
    }

    /**
     * Runs {@code example} with {@code set -e -o pipefail} (a failing command fails it), waits for
     * its end and answers its output; fails when it does not end in time or a command fails.
     */
    String run(DocExample example) throws IOException {
        int n = count.incrementAndGet();
        Path script = write(example, n);
        int start = output.length();
        send("set -e -o pipefail; source " + script + " </dev/null; set +e +o pipefail; echo \"@@doc-test " + n
                + " done $?\"");
        awaitDone(example, n, start);
        awaitShown(example, example.expect(), start, shownAfterEnd);
        return output.substring(start);
    }

    /** A job started by {@link #start}: its example, its number and the pid of its subshell. */
    record Job(DocExample example, int number, long pid, int start) {}

    /**
     * Starts {@code example} as a job, as a user runs a command that lasts until Ctrl-C in a
     * terminal, and waits until it prints its {@code expect}; the next examples run meanwhile.
     */
    Job start(DocExample example) throws IOException {
        int n = count.incrementAndGet();
        Path script = write(example, n);
        int start = output.length();
        send("source " + script + " </dev/null & job_" + n + "=$!; echo \"@@doc-test " + n + " job $job_" + n + "\"");
        Matcher job = awaitMatch(example, Pattern.compile("@@doc-test " + n + " job (\\d+)"), start);
        awaitShown(example, example.expect(), start, example.timeout());
        return new Job(example, n, Long.parseLong(job.group(1)), start);
    }

    /**
     * Stops {@code job} as Ctrl-C does (SIGTERM to its process, which the JVM handles alike: it
     * runs its shutdown hooks) and waits for it to print its {@code then} and end.
     */
    void stop(Job job) throws IOException {
        int start = output.length();
        ProcessHandle.of(job.pid()).ifPresent(shell -> shell.children().forEach(ProcessHandle::destroy));
        send("wait $job_" + job.number() + "; echo \"@@doc-test " + job.number() + " done 0 (exit $?)\"");
        awaitDone(job.example(), job.number(), start);
        awaitShown(job.example(), job.example().then(), start, shownAfterEnd);
    }

    private Path write(DocExample example, int n) throws IOException {
        Path script = directory.resolve("example-" + n + ".sh");
        Files.writeString(script, "# " + example.where() + "\n" + example.code());
        return script;
    }

    private void send(String line) throws IOException {
        input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    private void awaitDone(DocExample example, int n, int start) {
        Matcher done = awaitMatch(example, Pattern.compile("@@doc-test " + n + " done (\\d+)"), start);
        if (!done.group(1).equals("0")) {
            throw new AssertionError(example.where() + " exited " + done.group(1) + ":\n" + output.substring(start));
        }
    }

    private Matcher awaitMatch(DocExample example, Pattern pattern, int start) {
        Matcher[] found = new Matcher[1];
        try {
            await().atMost(example.timeout())
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Matcher matcher = pattern.matcher(output.substring(start));
                        if (matcher.find()) {
                            found[0] = matcher;
                            return true;
                        }
                        if (!bash.isAlive()) {
                            throw new AssertionError(example.where() + ": a command failed (set -e ended the shell):\n"
                                    + output.substring(start));
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(example.where() + " did not end within "
                    + example.timeout().toSeconds() + " s:\n" + output.substring(start));
        }
        return found[0];
    }

    private void awaitShown(DocExample example, String text, int start, Duration timeout) {
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> output.substring(start).contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(example.where() + " did not print '" + text + "' (the line the document shows)"
                    + " within " + timeout.toSeconds() + " s:\n"
                    + output.substring(start));
        }
    }

    /** What the shell printed since {@code start} (a job's), up to now. */
    String outputSince(int start) {
        return output.substring(start);
    }

    @Override
    public void close() throws IOException {
        ProcessHandle shell = bash.toHandle();
        List<ProcessHandle> started = shell.descendants().toList();
        List<ProcessHandle> jobs = shell.children()
                .flatMap(job -> isShell(job) ? job.children() : Stream.of(job))
                .sorted(Comparator.comparing(
                                (ProcessHandle job) -> job.info().startInstant().orElse(Instant.EPOCH))
                        .reversed())
                .toList();
        for (ProcessHandle job : jobs) {
            job.destroy();
            try {
                await().atMost(STOP_WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !job.isAlive());
            } catch (ConditionTimeoutException e) {
                job.destroyForcibly();
            }
        }
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        shell.descendants().forEach(ProcessHandle::destroyForcibly);
        input.close();
        bash.destroy();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !bash.isAlive());
        } catch (ConditionTimeoutException e) {
            bash.destroyForcibly();
        }
    }

    /** A subshell of the shell (a job of {@code source ... &}): its commands are what to stop. */
    private static boolean isShell(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/bash")).orElse(false);
    }
}
