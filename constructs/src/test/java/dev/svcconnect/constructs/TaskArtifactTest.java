package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.artifact.ArtifactLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * A container's artifact is an S3 asset of the app, named in the container definition's
 * DockerLabels with its SHA-256 and file name, for the host agent to fetch, check and unpack.
 */
class TaskArtifactTest {

    @TempDir
    Path dir;

    @Test
    void theArtifactIsAFileAssetNamedInTheContainersDockerLabelsWithItsSha256() throws Exception {
        Path jar = Files.write(dir.resolve("api.jar"), "not really a jar".getBytes());
        App app = new App(
                AppProps.builder().outdir(dir.resolve("cdk.out").toString()).build());
        Stack stack = new Stack(app, "Artifacts");
        task(stack, jar.toString());

        JsonNode container = container(Template.fromStack(stack));
        JsonNode labels = container.path("DockerLabels");
        assertThat(labels.path(ArtifactLabels.SHA256).asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar))));
        assertThat(labels.path(ArtifactLabels.NAME).asText()).isEqualTo("api.jar");
        String url = labels.path(ArtifactLabels.URL).toString();
        assertThat(url)
                .contains("s3://cdk-hnb659fds-assets-")
                .contains("AWS::AccountId")
                .contains(".jar");

        JsonNode assets = Json.mapper()
                .readTree(Path.of(app.synth().getDirectory(), "Artifacts.assets.json")
                        .toFile());
        assertThat(assets.path("files").toString())
                .contains("\"packaging\":\"file\"")
                .contains(".jar\"");
    }

    @Test
    void theCommandNamesTheArtifactRelativelyAndNothingElseOfTheContainerChanges() throws Exception {
        Path jar = Files.write(dir.resolve("api.jar"), new byte[] {1, 2, 3});
        Stack stack = Apps.stack();
        task(stack, jar.toString());

        JsonNode container = container(Apps.template(stack));
        assertThat(container.path("Command").toString()).isEqualTo("[\"java\",\"-jar\",\"api.jar\"]");
        assertThat(container.path("DockerLabels").size()).isEqualTo(3);
        assertThat(container.path("Essential").asBoolean()).isTrue();
    }

    @Test
    void aDirectoryIsRefusedSayingHowToPackIt() {
        Stack stack = Apps.stack();

        assertThatThrownBy(() -> task(stack, dir.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("artifact: '" + dir + "' is a directory (expected: a file; pack it first, e.g. tar czf"
                        + " app.tar.gz -C DIR .) (container Test/ApiTask/app)");
    }

    @Test
    void aMissingFileIsRefused() {
        Stack stack = Apps.stack();

        assertThatThrownBy(() -> task(stack, dir.resolve("missing.jar").toString()))
                .hasMessageContaining("missing.jar' is not a file");
    }

    private static void task(Stack stack, String path) {
        TaskDefinition task =
                TaskDefinition.Builder.create(stack, "ApiTask").family("api").build();
        task.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .artifact(TaskArtifact.fromAsset(path))
                        .command(List.of("java", "-jar", "api.jar"))
                        .build());
    }

    private static JsonNode container(Template template) {
        Map<String, Map<String, Object>> resources = template.findResources("Custom::SvcConnectTaskDefinition");
        JsonNode resource =
                Json.mapper().valueToTree(resources.values().iterator().next());
        return resource.path("Properties").path("ContainerDefinitions").path(0);
    }
}
