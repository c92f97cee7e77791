package dev.svcconnect.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} (moto 5.x, the AWS emulator) on a free loopback port, for the suites that
 * compare the control plane with AWS's behaviour as moto emulates it. moto is a requirement of
 * those suites, not an option: when it is missing or not 5.x, {@link #start} fails saying so,
 * so that a suite never passes by skipping.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start()) {
 *     EcsClient ecs = EcsClient.builder().endpointOverride(moto.endpoint())...build();
 * }
 * }</pre>
 */
public final class MotoServer implements AutoCloseable {

    /** The moto major version the suites are written against. */
    public static final String MAJOR_VERSION = "5";

    /** The fake credentials and Region its clients use (moto accepts any). */
    public static final String ACCESS_KEY_ID = "testing";

    public static final String SECRET_ACCESS_KEY = "testing";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String INSTALL_HINT = "install moto 5.x with its server: pip install 'moto[server]>=5,<6'";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts {@code moto_server} on a free loopback port and waits until it answers. */
    public static MotoServer start() {
        return start("127.0.0.1");
    }

    /**
     * Starts {@code moto_server} on a free port of {@code address} (an address of this host, such as
     * a bridge's, for clients in a network namespace) and waits until it answers.
     */
    public static MotoServer start(String address) {
        int port = FreePorts.next();
        return launch(List.of("moto_server", "-H", address, "-p", String.valueOf(port)), address, port, Map.of());
    }

    /**
     * Starts moto's server through a Python {@code launcher} script (run by the interpreter that
     * has moto, with the port as its argument and {@code MOTO_PORT} set), for suites that must
     * change how moto reaches things outside itself; {@code environment} is added to the script's.
     */
    public static MotoServer startWith(Path launcher, Map<String, String> environment) {
        Objects.requireNonNull(launcher, "launcher");
        int port = FreePorts.next();
        List<String> command = List.of(python(), launcher.toString(), String.valueOf(port));
        return launch(command, "127.0.0.1", port, environment);
    }

    /** The version of moto that {@code python3} imports; fails naming what is missing. */
    public static String version() {
        Programs.Result result;
        try {
            result = Programs.run(python(), "-c", "import moto; print(moto.__version__)");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "moto is required by this suite but python3 could not run (" + e.getMessage() + "); "
                            + INSTALL_HINT,
                    e);
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("moto is required by this suite but python3 cannot import it ("
                    + result.err().strip().lines().reduce((a, b) -> b).orElse("") + "); " + INSTALL_HINT);
        }
        String version = result.out().strip();
        if (!version.startsWith(MAJOR_VERSION + ".")) {
            throw new IllegalStateException("this suite is written against moto " + MAJOR_VERSION + ".x but found moto "
                    + version + "; " + INSTALL_HINT);
        }
        return version;
    }

    private static String python() {
        return "python3";
    }

    private static MotoServer launch(List<String> command, String address, int port, Map<String, String> environment) {
        version();
        try {
            Path log = Files.createTempFile("moto-server", ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // moto writes this port into the URLs it hands out (custom resources' ResponseURL).
            env.put("MOTO_PORT", String.valueOf(port));
            // Credentials and region for moto itself; the suites' clients sign with their own.
            env.putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
            env.putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "could not start " + command.get(0) + " (" + e.getMessage() + "); " + INSTALL_HINT, e);
            }
            process.getOutputStream().close();
            MotoServer moto = new MotoServer(process, URI.create("http://" + address + ":" + port), log);
            moto.awaitReady();
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the AWS SDK and CLI send their calls: {@code http://ADDRESS:PORT}. */
    public URI endpoint() {
        return endpoint;
    }

    /** What moto printed so far, for a failure's message. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(its output could not be read: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<String> attempts = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + output());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                attempts.add("HTTP " + response.statusCode());
            } catch (IOException e) {
                attempts.add(e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while moto_server started", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while moto_server started", e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer at " + endpoint + " within " + START_TIMEOUT
                + " (last: " + (attempts.isEmpty() ? "none" : attempts.get(attempts.size() - 1)) + "): " + output());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
