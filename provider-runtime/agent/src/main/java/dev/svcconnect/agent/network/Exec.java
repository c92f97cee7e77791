package dev.svcconnect.agent.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands ({@code ip ...}) and turns a failure into an exception naming it. */
final class Exec {

    private static final long TIMEOUT_SECONDS = 20;

    private Exec() {}

    /** Runs {@code command}; its standard output, or IOException with its error output. */
    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
    }

    /** Runs {@code command} for its effect when it can fail harmlessly (cleaning what may be gone). */
    static boolean runQuietly(List<String> command) {
        try {
            run(command);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
