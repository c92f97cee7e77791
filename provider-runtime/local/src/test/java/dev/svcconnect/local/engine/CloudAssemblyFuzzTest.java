package dev.svcconnect.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.CloudAssembly;
import dev.svcconnect.local.assembly.StackArtifact;
import dev.svcconnect.local.assembly.StackTemplate;
import dev.svcconnect.local.assembly.TemplateOutput;
import dev.svcconnect.local.assembly.TemplateResource;
import dev.svcconnect.local.intrinsics.IntrinsicException;
import dev.svcconnect.local.intrinsics.Intrinsics;
import dev.svcconnect.local.intrinsics.References;
import dev.svcconnect.local.state.ResourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the cloud assembly reader ({@link CloudAssembly}, {@link StackTemplate}) and the
 * intrinsics evaluator ({@link Intrinsics} over the engine's {@link StackScope}, {@link References}):
 * a manifest or a template from outside is either read and resolved as a deploy would (every
 * condition, every resource's properties, every output), or refused with a {@link DeployException}
 * or an {@link IntrinsicException} that says why; nothing else escapes. Seeds and former findings:
 * {@code CloudAssemblyFuzzTestInputs/}.
 */
class CloudAssemblyFuzzTest {

    private static final String TEMPLATE_FILE = "Fuzz.template.json";
    private static final String MANIFEST = """
            {"version": "48.0.0", "artifacts": {"Fuzz": {"type": "aws:cloudformation:stack",
             "properties": {"templateFile": "%s"}}}}""".formatted(TEMPLATE_FILE);
    private static final String TEMPLATE = """
            {"Resources": {"Ns": {"Type": "Custom::SvcConnectNamespace", "Properties": {"Name": "ns"}}}}""";

    private static Path assembly;

    @BeforeAll
    static void createAssemblyDirectory() throws IOException {
        assembly = Files.createTempDirectory("fuzzed-assembly");
    }

    @AfterAll
    static void deleteAssemblyDirectory() throws IOException {
        try (var files = Files.list(assembly)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(assembly);
    }

    @FuzzTest(maxDuration = "10m")
    void anyTemplateIsResolvedOrRefusedWithAReason(byte[] template) throws IOException {
        Files.writeString(assembly.resolve("manifest.json"), MANIFEST);
        Files.write(assembly.resolve(TEMPLATE_FILE), template);
        readAndResolve();
    }

    @FuzzTest(maxDuration = "10m")
    void anyManifestIsReadOrRefusedWithAReason(byte[] manifest) throws IOException {
        Files.write(assembly.resolve("manifest.json"), manifest);
        Files.writeString(assembly.resolve(TEMPLATE_FILE), TEMPLATE);
        readAndResolve();
    }

    private static void readAndResolve() {
        try {
            for (StackArtifact stack : CloudAssembly.read(assembly).select(List.of())) {
                resolve(stack);
            }
        } catch (DeployException | IntrinsicException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** Resolves what a deploy resolves, with every resource applied under a physical id and two attributes. */
    private static void resolve(StackArtifact stack) {
        StackTemplate template = stack.template();
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        template.parameters().forEach((name, declaration) -> {
            JsonNode value = declaration.get("Default");
            parameters.put(name, value == null ? TextNode.valueOf(name) : value);
        });
        Map<String, ResourceState> applied = new LinkedHashMap<>();
        template.resources().forEach((id, resource) -> applied.put(id, applied(resource)));
        StackScope scope = new StackScope(
                stack.stackName(), parameters, template.resources().keySet(), applied, Map.of("shared", "exported"));
        Intrinsics intrinsics = new Intrinsics(scope, template.conditions(), template.mappings());
        for (TemplateResource resource : template.resources().values()) {
            if (resource.condition() == null || intrinsics.condition(resource.condition())) {
                Set<String> references = References.in(resource.properties());
                assertThat(references).doesNotContainNull();
                intrinsics.resolve(resource.properties());
            }
        }
        for (TemplateOutput output : template.outputs().values()) {
            if (output.condition() == null || intrinsics.condition(output.condition())) {
                intrinsics.resolve(output.value());
                intrinsics.resolve(output.exportName());
            }
        }
    }

    private static ResourceState applied(TemplateResource resource) {
        return new ResourceState(
                resource.logicalId(),
                resource.type(),
                "physical-" + resource.logicalId(),
                JsonNodeFactory.instance.objectNode(),
                Map.of("Arn", "arn:aws:svc-connect:local:" + resource.logicalId(), "Port", 8080),
                List.of(),
                false);
    }
}
