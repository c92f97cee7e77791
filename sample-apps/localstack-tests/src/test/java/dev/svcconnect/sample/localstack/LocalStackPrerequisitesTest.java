package dev.svcconnect.sample.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite fails, never skips, when a prerequisite is missing, and says which one and how to provide it. */
class LocalStackPrerequisitesTest {

    @TempDir
    Path root;

    @Test
    void aMissingTokenAndNoDockerEngineAreBothNamedWithHowToProvideThem() throws IOException {
        built();
        LocalStackPrerequisites prerequisites = new LocalStackPrerequisites(Map.of(), false, root);

        assertThatThrownBy(prerequisites::requireAll)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("The LocalStack suite cannot run on this machine:\n"
                        + "- no LocalStack auth token: LOCALSTACK_AUTH_TOKEN is not set")
                .hasMessageContaining("https://app.localstack.cloud")
                .hasMessageContaining("- no Docker engine: Testcontainers found none (start Docker, or point"
                        + " DOCKER_HOST at an engine")
                .hasMessageEndingWith("Run it with: " + LocalStackPrerequisites.RUN);
    }

    @Test
    void aBlankTokenIsMissing() throws IOException {
        built();

        assertThat(new LocalStackPrerequisites(Map.of("LOCALSTACK_AUTH_TOKEN", "  "), true, root).missing())
                .singleElement()
                .asString()
                .startsWith("no LocalStack auth token");
    }

    @Test
    void anUnbuiltCheckoutNamesTheFilesThatCdkDeployNeeds() {
        assertThat(new LocalStackPrerequisites(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token"), true, root).missing())
                .satisfiesExactly(
                        cdkApp -> assertThat(cdkApp).contains("sample-apps/cdk-app/target/classpath.txt is missing"),
                        cli -> assertThat(cli).contains("node_modules/aws-cdk is missing (run npm ci in " + root));
    }

    @Test
    void withEverythingInPlaceItReturnsTheToken() throws IOException {
        built();

        assertThat(new LocalStackPrerequisites(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token\n"), true, root).requireAll())
                .isEqualTo("ls-token");
    }

    /** The files a built checkout has after {@code ./mvnw install} and {@code npm ci}. */
    private void built() throws IOException {
        Files.createDirectories(root.resolve("sample-apps/cdk-app/target"));
        Files.writeString(root.resolve("sample-apps/cdk-app/target/classpath.txt"), "");
        Files.createDirectories(root.resolve("node_modules/aws-cdk"));
        Files.writeString(root.resolve("node_modules/aws-cdk/package.json"), "{}");
    }
}
