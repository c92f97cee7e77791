package dev.svcconnect.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's AWS CLI ({@code /usr/bin/aws}) pointed at a control plane: the admin profile of its
 * data directory ({@code DATA/admin-credentials}, profile {@code svc-connect}) or a given key,
 * region us-east-1, no pager, no user configuration (a home of its own). Each command is bounded to 60 s.
 * (Debian's CLI 2.9 ignores {@code AWS_DISABLE_HOST_PREFIX_INJECTION}, so Cloud Map's
 * {@code discover-instances} needs the CLI on the PATH: see {@code CloudMapCliTest}.)
 *
 * <pre>{@code
 * AwsCli aws = AwsCli.admin(server.endpoint(), home, dataDirectory);
 * String clusters = aws.ok("ecs", "list-clusters");
 * }</pre>
 */
public final class AwsCli {

    /** Where Debian's package puts the CLI. */
    public static final Path AWS = Path.of("/usr/bin/aws");

    private static final long TIMEOUT_SECONDS = 60;

    private final URI endpoint;
    private final Path home;
    private final Map<String, String> credentials;

    private AwsCli(URI endpoint, Path home, Map<String, String> credentials) {
        if (!Files.isExecutable(AWS)) {
            throw new AssertionError("Debian's awscli is not installed: apt-get install awscli (.ci/run does)");
        }
        this.endpoint = endpoint;
        this.home = home;
        this.credentials = Map.copyOf(credentials);
    }

    /**
     * A CLI for the control plane at {@code endpoint} with {@code home} as its home directory,
     * signing with the admin profile that control plane wrote to {@code DATA/admin-credentials}.
     */
    public static AwsCli admin(URI endpoint, Path home, Path dataDirectory) {
        return new AwsCli(
                endpoint,
                home,
                Map.of(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        dataDirectory.resolve("admin-credentials").toString(),
                        "AWS_PROFILE",
                        "svc-connect"));
    }

    /** A CLI that signs with the given key (environment variables). */
    public static AwsCli withKey(URI endpoint, Path home, String accessKeyId, String secretAccessKey) {
        return new AwsCli(
                endpoint,
                home,
                Map.of(
                        "AWS_ACCESS_KEY_ID", accessKeyId,
                        "AWS_SECRET_ACCESS_KEY", secretAccessKey,
                        "AWS_SHARED_CREDENTIALS_FILE",
                                home.resolve("credentials").toString()));
    }

    /** One command's exit code and its output (standard output and error together). */
    public record Result(int exitCode, String output) {}

    /** Runs {@code aws ARGS --endpoint-url ENDPOINT --output json}. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(AWS.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.putAll(Map.of(
                "HOME",
                home.toString(),
                "AWS_DEFAULT_REGION",
                "us-east-1",
                "AWS_PAGER",
                "",
                "AWS_CONFIG_FILE",
                home.resolve("config").toString()));
        environment.putAll(credentials);
        try {
            // Into a file, not a pipe: a command that hangs cannot block the read past the timeout.
            Path output = Files.createTempFile(home, "aws-", ".out");
            Process process = builder.redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(
                        "aws " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running aws", e);
        }
    }

    /** Runs a command that must succeed; answers its output (JSON, or empty). */
    public String ok(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    "aws " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }
}
