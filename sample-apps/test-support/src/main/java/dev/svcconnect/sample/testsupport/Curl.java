package dev.svcconnect.sample.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code curl} (a client nobody here wrote) and returns what it printed. */
public final class Curl {

    private static final int TIMEOUT_SECONDS = 30;

    private Curl() {}

    /** Runs {@code curl arguments...}, waits at most 30 s, returns stdout and stderr together. */
    public static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", Integer.toString(TIMEOUT_SECONDS - 5)));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("curl did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
