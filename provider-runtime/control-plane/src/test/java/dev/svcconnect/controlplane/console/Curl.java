package dev.svcconnect.controlplane.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs curl, the client nobody here wrote, and answers the HTTP status of each URL. */
final class Curl {

    private Curl() {}

    static List<String> statuses(String... urls) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
        for (String url : urls) {
            command.addAll(List.of("-o", "/dev/null", "-w", "%{http_code}\\n", url));
        }
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("curl did not finish");
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
