package dev.svcconnect.sample.localstack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the LocalStack suite needs before it starts anything: a LocalStack auth token, a Docker engine
 * and this checkout built ({@code cdk deploy} runs the sample's CDK app and uploads its jars). The
 * suite only runs when someone asked for {@code -Plocalstack}, so a missing piece fails it, naming
 * the piece and how to provide it; it never skips.
 */
final class LocalStackPrerequisites {

    /** The environment variable LocalStack's images read their auth token from. */
    static final String AUTH_TOKEN = "LOCALSTACK_AUTH_TOKEN";

    static final String RUN =
            "LOCALSTACK_AUTH_TOKEN=... ./mvnw verify -Plocalstack -pl sample-apps/localstack-tests -am"
                    + " -Dtest=SampleStackOnLocalStackTest -Dsurefire.failIfNoSpecifiedTests=false";

    private final Map<String, String> environment;
    private final boolean dockerAvailable;
    private final Path root;

    /**
     * The prerequisites as seen from {@code environment}, with a Docker engine or not, for the
     * checkout at {@code root}.
     */
    LocalStackPrerequisites(Map<String, String> environment, boolean dockerAvailable, Path root) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
        this.dockerAvailable = dockerAvailable;
        this.root = requireNonNull(root, "root");
    }

    /** The auth token, or an {@link AssertionError} that lists every missing prerequisite. */
    String requireAll() {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new AssertionError("The LocalStack suite cannot run on this machine:\n- "
                    + String.join("\n- ", missing) + "\nRun it with: " + RUN);
        }
        return environment.get(AUTH_TOKEN).strip();
    }

    /** One line per missing prerequisite: what is missing and how to provide it; empty when none is. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        String token = environment.get(AUTH_TOKEN);
        if (token == null || token.isBlank()) {
            missing.add("no LocalStack auth token: " + AUTH_TOKEN + " is not set (LocalStack's images refuse to"
                    + " start without one since 2026-03-23; copy yours from https://app.localstack.cloud, Auth"
                    + " Tokens, and export it, or a CI token in CI)");
        }
        if (!dockerAvailable) {
            missing.add("no Docker engine: Testcontainers found none (start Docker, or point DOCKER_HOST at an"
                    + " engine; LocalStack runs in it and starts the Lambda functions' containers in it too)");
        }
        if (!Files.isRegularFile(root.resolve("sample-apps/cdk-app/target/classpath.txt"))) {
            missing.add("the sample's CDK app is not built: sample-apps/cdk-app/target/classpath.txt is missing"
                    + " (build with -am as below, or ./mvnw -q install -DskipTests first)");
        }
        if (!Files.isRegularFile(root.resolve("node_modules/aws-cdk/package.json"))) {
            missing.add("the CDK CLI pinned in package.json is not installed: node_modules/aws-cdk is missing"
                    + " (run npm ci in " + root + ")");
        }
        return missing;
    }
}
