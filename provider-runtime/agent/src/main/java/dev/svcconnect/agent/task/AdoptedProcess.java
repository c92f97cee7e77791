package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process of a task that a previous agent on this data directory started and this agent took
 * over: not a child of this JVM, so its output already goes to its log file, and its exit code is
 * unknown ({@link #exitValue()} answers {@value #UNKNOWN_EXIT}). An exited process that nobody
 * reaps (a zombie, its parent the previous agent) counts as exited.
 */
final class AdoptedProcess extends Process {

    /** The exit value of an adopted process once it has exited: the code itself is unknown. */
    static final int UNKNOWN_EXIT = -1;

    private static final long POLL_MILLIS = 100;

    private final ProcessHandle handle;

    AdoptedProcess(ProcessHandle handle) {
        this.handle = requireNonNull(handle, "handle");
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        while (isAlive()) {
            Thread.sleep(POLL_MILLIS);
        }
        return UNKNOWN_EXIT;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (isAlive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(
                    Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
        return true;
    }

    @Override
    public int exitValue() {
        if (isAlive()) {
            throw new IllegalThreadStateException("process " + handle.pid() + " has not exited");
        }
        return UNKNOWN_EXIT;
    }

    @Override
    public boolean isAlive() {
        return !Leftovers.ended(handle);
    }

    @Override
    public void destroy() {
        handle.destroy();
    }

    @Override
    public Process destroyForcibly() {
        handle.destroyForcibly();
        return this;
    }

    @Override
    public long pid() {
        return handle.pid();
    }

    @Override
    public ProcessHandle toHandle() {
        return handle;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return this;
        });
    }
}
