package dev.svcconnect.sample.webui;

import java.time.Duration;

/** Counts requests in progress, so that stopping can refuse new ones and wait for the rest. */
final class InFlight {

    private int count;
    private boolean draining;

    /** Counts a request in, or returns false when draining. */
    synchronized boolean enter() {
        if (draining) {
            return false;
        }
        count++;
        return true;
    }

    /** Counts a request out. */
    synchronized void exit() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** Refuses new requests and waits up to {@code max} for those in progress; true when none is left. */
    synchronized boolean drain(Duration max) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + max.toNanos();
        long left;
        while (count > 0 && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return count == 0;
    }
}
