package dev.svcconnect.sample.localstack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CDK CLI pinned in the checkout's {@code package.json} ({@code npx cdk}), run in the checkout
 * (its {@code cdk.json} names the sample app) against LocalStack, as LocalStack documents it for CDK
 * 2.177 and newer: {@code AWS_ENDPOINT_URL} for every service, {@code AWS_ENDPOINT_URL_S3} for the
 * asset uploads, LocalStack's test key and one Region. Every other {@code AWS_*} and {@code CDK_*}
 * variable of the caller is dropped, so that no profile or key can reach a real account.
 */
final class CdkCli {

    private final Path root;
    private final Map<String, String> environment;
    private final Path logs;

    /** The CLI of the checkout at {@code root}, talking to LocalStack at {@code endpoint}, logging under {@code logs}. */
    CdkCli(Path root, URI endpoint, String region, Path logs) {
        this.root = requireNonNull(root, "root");
        this.logs = requireNonNull(logs, "logs");
        this.environment = Map.of(
                "AWS_ENDPOINT_URL",
                endpoint.toString(),
                "AWS_ENDPOINT_URL_S3",
                s3Endpoint(endpoint).toString(),
                "AWS_ACCESS_KEY_ID",
                "test",
                "AWS_SECRET_ACCESS_KEY",
                "test",
                "AWS_REGION",
                region,
                "AWS_DEFAULT_REGION",
                region);
    }

    /** How a {@code cdk} command ended: its exit code and where its output is. */
    record Result(int exitCode, Path log) {

        /** The last {@code lines} lines of the output, to explain a failure. */
        String tail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }
    }

    /** Runs {@code npx cdk ARGS}, at most {@code timeout}; its output goes to {@code logs/NAME.log}. */
    Result run(String name, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("npx", "cdk"));
        command.addAll(List.of(args));
        Path log = Files.createDirectories(logs).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("CDK_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("cdk " + String.join(" ", args) + " did not finish within " + timeout
                    + "; its output: " + log + "\n" + new Result(-1, log).tail(40));
        }
        return new Result(process.exitValue(), log);
    }

    /**
     * LocalStack's S3 endpoint for virtual-hosted buckets: {@code s3.localhost.localstack.cloud}
     * (a public name for 127.0.0.1) when the engine is local, else the endpoint itself.
     */
    private static URI s3Endpoint(URI endpoint) {
        String host = endpoint.getHost();
        if ("localhost".equals(host) || "127.0.0.1".equals(host)) {
            return URI.create("http://s3.localhost.localstack.cloud:" + endpoint.getPort());
        }
        return endpoint;
    }
}
