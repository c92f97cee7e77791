package dev.svcconnect.docs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One fenced example of a document with its {@code <!-- doc-test: ... -->} marker: what the docs
 * test does with it and the line of output the document shows for it.
 *
 * @param file the document
 * @param line the line of the marker (1-based)
 * @param kind what the test does with the example
 * @param argument the class name of a {@link Kind#COMPILE} example, the reason of a {@link Kind#SKIP}; else empty
 * @param code the example as the document shows it
 * @param expect a line of the output the document shows (null for {@link Kind#SKIP} and {@link Kind#OUTPUT})
 * @param then for {@link Kind#INTERRUPT}: what it prints once stopped (null otherwise)
 * @param timeout how long the example may take
 */
record DocExample(
        Path file, int line, Kind kind, String argument, String code, String expect, String then, Duration timeout) {

    /** What the docs test does with an example. */
    enum Kind {
        /** Run in the document's shell; it must exit 0 and print {@code expect}. */
        RUN,
        /**
         * Runs until Ctrl-C: started as a job of the document's shell, it must print {@code expect};
         * the next examples run meanwhile; at the document's end it gets Ctrl-C and must print {@code then}.
         */
        INTERRUPT,
        /** Java: compiled as written, then run with {@code CDK_OUTDIR}; its cloud assembly has {@code expect}. */
        COMPILE,
        /**
         * The output of the example before it: each of its lines, with numbers and ids as
         * placeholders ({@link OutputShape}), is a line that example printed.
         */
        OUTPUT,
        /** Not run (a synopsis, an output, or a command for another machine): {@code argument} says why. */
        SKIP
    }

    DocExample {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(timeout, "timeout");
        if (kind != Kind.SKIP && kind != Kind.OUTPUT && (expect == null || expect.isBlank())) {
            throw new IllegalArgumentException(where(file, line) + ": doc-test "
                    + kind.name().toLowerCase() + " needs 'expect: LINE' (a line of the output the document shows)");
        }
        if (kind == Kind.INTERRUPT && (then == null || then.isBlank())) {
            throw new IllegalArgumentException(
                    where(file, line) + ": doc-test interrupt needs 'then: LINE' (what it prints once stopped)");
        }
        if ((kind == Kind.COMPILE || kind == Kind.SKIP) && argument.isBlank()) {
            throw new IllegalArgumentException(where(file, line) + ": doc-test "
                    + kind.name().toLowerCase() + " needs " + (kind == Kind.COMPILE ? "the class name" : "a reason"));
        }
    }

    /** {@code README.md:42}. */
    String where() {
        return where(file, line);
    }

    private static String where(Path file, int line) {
        return file.getFileName() + ":" + line;
    }
}
