package dev.svcconnect.proxy.exchange;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * One timer for the per-request timeouts of all the requests on a client connection, on its event
 * loop: it is armed for the earliest deadline it was asked to watch and, when it fires, re-armed
 * for the next one, so that a request schedules and cancels no task of its own.
 */
public final class DeadlineTimer {

    private final EventExecutor executor;
    private final LongUnaryOperator expire;
    private final Runnable fire = this::fire;
    private ScheduledFuture<?> timer;
    private long timerDeadline;

    /**
     * @param expire called when the timer fires with {@link System#nanoTime()}: times out the
     *     requests whose deadline passed and returns the earliest deadline left, or 0 for none
     */
    public DeadlineTimer(EventExecutor executor, LongUnaryOperator expire) {
        this.executor = executor;
        this.expire = expire;
    }

    /** Makes sure the timer fires by {@code deadline} ({@link System#nanoTime()}, never 0). */
    public void watch(long deadline, long now) {
        if (timer != null && timerDeadline - deadline <= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        schedule(deadline, now);
    }

    /** The connection closed. */
    public void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(long deadline, long now) {
        timerDeadline = deadline;
        timer = executor.schedule(fire, deadline - now, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        long now = System.nanoTime();
        long next = expire.applyAsLong(now);
        if (next != 0 && timer == null) {
            schedule(next, System.nanoTime());
        }
    }

    /** The deadline of a request that starts {@code now} with a timeout of {@code seconds}: never 0. */
    public static long deadline(long now, int seconds) {
        long deadline = now + TimeUnit.SECONDS.toNanos(seconds);
        return deadline == 0 ? 1 : deadline;
    }
}
