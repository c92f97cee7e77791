package dev.svcconnect.local.engine;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints a deployment as {@code cdk deploy} does: one line per resource event with the time
 * elapsed since the stack started, then the stack's outputs.
 *
 * <pre>
 * ServiceConnectApp | 2/9 |   0.4s | CREATE_COMPLETE      | Custom::SvcConnectCluster | Cluster
 * </pre>
 */
public final class Progress {

    private final PrintStream out;
    private String stack = "";
    private int total;
    private int done;
    private long start = System.nanoTime();
    private String header;

    /** Prints to {@code out}. */
    public Progress(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * A stack begins: {@code total} resources will change. Its line ({@code NAME: ACTION...}) waits
     * for the first event, so that a stack left unchanged prints only its "(no changes)" line.
     */
    void stack(String stackName, String action, int total) {
        this.stack = stackName;
        this.total = total;
        this.done = 0;
        this.start = System.nanoTime();
        this.header = stackName + ": " + action + "...";
    }

    /** The stack is done: {@code ✅  NAME}, with "(no changes)" alone when {@code unchanged}. */
    void done(String stackName, boolean unchanged) {
        if (unchanged) {
            header = null;
        }
        line(" ✅  " + stackName + (unchanged ? " (no changes)" : ""));
    }

    /**
     * One resource event, such as {@code CREATE_IN_PROGRESS}; {@code _COMPLETE} events count as
     * done, up to the total (a rollback's events do not count).
     */
    void event(String status, String type, String logicalId, String reason) {
        if (status.endsWith("_COMPLETE") && done < total) {
            done++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        printHeader();
        out.println(String.format(
                Locale.ROOT,
                "%s | %d/%d | %6.1fs | %-24s | %-32s | %s%s",
                stack,
                done,
                total,
                elapsed,
                status,
                type,
                logicalId,
                reason == null ? "" : " " + reason));
    }

    /** A line of its own. */
    void line(String text) {
        printHeader();
        out.println(text);
    }

    private void printHeader() {
        if (header != null) {
            out.println(header);
            header = null;
        }
    }
}
