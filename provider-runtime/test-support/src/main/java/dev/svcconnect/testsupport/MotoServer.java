package dev.svcconnect.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto's server ({@code moto_server}, moto 5.x), started on a free port of {@code address} for one
 * test: the local stand-in of S3 and Secrets Manager. Missing, it fails the test with that reason.
 * Its log is kept in a file, named by failures. {@link #close} stops it.
 */
public final class MotoServer implements AutoCloseable {

    /** The fake credentials and Region its clients use (moto accepts any). */
    public static final String ACCESS_KEY_ID = "testing";

    public static final String SECRET_ACCESS_KEY = "testing";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts {@code moto_server} on 127.0.0.1. */
    public static MotoServer start() {
        return start("127.0.0.1");
    }

    /** Starts {@code moto_server} on a free port of {@code address}, waiting (at most 30 s) until it accepts connections. */
    public static MotoServer start(String address) {
        String program = executable();
        int port = FreePorts.next();
        try {
            Path log = Files.createTempFile("moto-server", ".log");
            Process process = new ProcessBuilder(List.of(program, "-H", address, "-p", String.valueOf(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://" + address + ":" + port), log);
            server.awaitListening(address, port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + program + ": " + e.getMessage(), e);
        }
    }

    /** Its URL, such as {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return endpoint;
    }

    /** What it logged so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    private static String executable() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "moto_server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("moto_server is not on the PATH: the AWS emulator tests need moto 5.x"
                + " (pip install 'moto[server]>=5,<6')");
    }

    private void awaitListening(String address, int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException e) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("moto_server did not listen on " + address + ":" + port + " within 30 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
