package dev.svcconnect.packaging.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command run to its end (bounded by a timeout), with its exit code and its combined output. */
record Command(int exitCode, String output) {

    private static final long TIMEOUT_SECONDS = 180;

    /** Runs {@code command}; a command still running after 180 s is killed and fails the test. */
    static Command run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " still ran after " + TIMEOUT_SECONDS + " s");
            }
            return new Command(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    static Command run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command} and returns its output, failing with that output unless it exits 0. */
    static String succeed(String... command) {
        Command result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }
}
