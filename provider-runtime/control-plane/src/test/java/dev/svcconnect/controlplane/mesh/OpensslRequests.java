package dev.svcconnect.controlplane.mesh;

import dev.svcconnect.testsupport.Programs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Certificate requests made by {@code openssl req}, as a client the mesh CA did not write. */
public final class OpensslRequests {

    private OpensslRequests() {}

    /** A PEM request for a new key made with {@code -newkey} {@code keyOption} (e.g. {@code ec}, {@code rsa:2048}). */
    public static String request(Path directory, String keyOption, String... extra) {
        try {
            Path out = Files.createTempFile(directory, "request", ".csr");
            Path key = Files.createTempFile(directory, "request", ".key");
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    "openssl",
                    "req",
                    "-new",
                    "-newkey",
                    keyOption,
                    "-nodes",
                    "-keyout",
                    key.toString(),
                    "-out",
                    out.toString(),
                    "-subj",
                    "/CN=a sidecar"));
            if (keyOption.equals("ec")) {
                command.addAll(java.util.List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
            }
            command.addAll(java.util.List.of(extra));
            Programs.Result result = Programs.run(command);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("openssl req failed: " + result.err());
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
