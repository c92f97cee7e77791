package dev.svcconnect.agent.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shell scripts standing in for a container's application, and what they leave behind. */
final class ShellScripts {

    private ShellScripts() {}

    /**
     * A script that writes its pid to {@code pid}, then loops until SIGTERM, on which it writes
     * {@code SIGTERM received} to {@code signals} and exits 0.
     */
    static List<String> exitsOnSigterm(Path directory) {
        return script(directory, "exits-on-sigterm.sh", """
                trap 'echo "SIGTERM received" >> "%1$s/signals"; exit 0' TERM
                echo $$ > "%1$s/pid"
                while :; do sleep 0.1; done
                """.formatted(directory));
    }

    /**
     * A script that writes its pid to {@code pid}, then loops for ever: on SIGTERM it writes
     * {@code SIGTERM ignored} to {@code signals} and goes on.
     */
    static List<String> ignoresSigterm(Path directory) {
        return script(directory, "ignores-sigterm.sh", """
                trap 'echo "SIGTERM ignored" >> "%1$s/signals"' TERM
                echo $$ > "%1$s/pid"
                while :; do sleep 0.1; done
                """.formatted(directory));
    }

    /** A script that writes its pid to {@code pid}, then exits with {@code code} once the file {@code exit} exists. */
    static List<String> exitsOnceAsked(Path directory, int code) {
        return script(directory, "exits-once-asked.sh", """
                echo $$ > "%1$s/pid"
                while [ ! -e "%1$s/exit" ]; do sleep 0.1; done
                exit %2$d
                """.formatted(directory, code));
    }

    /** Asks a script of {@link #exitsOnceAsked} to exit. */
    static void askToExit(Path directory) {
        try {
            Files.writeString(directory.resolve("exit"), "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the script wrote to {@code signals}; empty before any signal. */
    static String signals(Path directory) {
        Path signals = directory.resolve("signals");
        try {
            return Files.exists(signals) ? Files.readString(signals, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the script whose pid is in {@code pid} has written it and still runs. */
    static boolean running(Path directory) {
        try {
            Path pid = directory.resolve("pid");
            String text = Files.exists(pid)
                    ? Files.readString(pid, StandardCharsets.UTF_8).trim()
                    : "";
            return !text.isEmpty()
                    && ProcessHandle.of(Long.parseLong(text))
                            .map(ProcessHandle::isAlive)
                            .orElse(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> script(Path directory, String name, String text) {
        try {
            Path script = directory.resolve(name);
            Files.writeString(script, text, StandardCharsets.UTF_8);
            return List.of("sh", script.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
