package dev.svcconnect.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cloud assembly directory ({@code cdk.out}): the stacks of its {@code manifest.json}
 * ({@code aws:cloudformation:stack} artifacts) with their templates, in dependency order.
 *
 * <pre>{@code
 * CloudAssembly assembly = CloudAssembly.read(Path.of("cdk.out"));
 * List<StackArtifact> stacks = assembly.select(List.of("ServiceConnectApp"));
 * }</pre>
 */
public final class CloudAssembly {

    private static final String STACK_TYPE = "aws:cloudformation:stack";
    private static final String ASSET_MANIFEST_TYPE = "cdk:asset-manifest";

    private final Path directory;
    private final Map<String, StackArtifact> stacks;

    private CloudAssembly(Path directory, Map<String, StackArtifact> stacks) {
        this.directory = directory;
        this.stacks = stacks;
    }

    /** Reads {@code directory/manifest.json} and every stack template it names. */
    public static CloudAssembly read(Path directory) {
        Path manifestFile = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new DeployException(directory + " is not a cloud assembly: it has no manifest.json"
                    + " (synthesize the app first, or give --app)");
        }
        JsonNode manifest;
        try {
            manifest = Json.mapper().readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new DeployException("cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        Map<String, JsonNode> artifacts = new LinkedHashMap<>();
        manifest.path("artifacts").fields().forEachRemaining(e -> artifacts.put(e.getKey(), e.getValue()));
        Map<String, StackArtifact> stacks = new LinkedHashMap<>();
        artifacts.forEach((id, artifact) -> {
            if (!STACK_TYPE.equals(artifact.path("type").asText())) {
                return;
            }
            String templateFile =
                    artifact.path("properties").path("templateFile").asText(null);
            if (templateFile == null) {
                throw new DeployException(manifestFile + ": artifact " + id + " has no properties.templateFile");
            }
            String stackName = artifact.path("properties").path("stackName").asText(id);
            List<String> dependencies = new ArrayList<>();
            List<FileAsset> fileAssets = new ArrayList<>();
            artifact.path("dependencies").forEach(d -> {
                JsonNode dependency =
                        artifacts.getOrDefault(d.asText(), Json.mapper().nullNode());
                String type = dependency.path("type").asText();
                if (STACK_TYPE.equals(type)) {
                    dependencies.add(d.asText());
                } else if (ASSET_MANIFEST_TYPE.equals(type)) {
                    fileAssets.addAll(fileAssets(
                            directory,
                            dependency.path("properties").path("file").asText()));
                }
            });
            stacks.put(
                    id,
                    new StackArtifact(
                            id,
                            stackName,
                            StackTemplate.read(directory.resolve(templateFile)),
                            dependencies,
                            fileAssets));
        });
        if (stacks.isEmpty()) {
            throw new DeployException(manifestFile + " has no stacks (no artifact of type " + STACK_TYPE + ")");
        }
        return new CloudAssembly(directory, order(stacks));
    }

    /** The files of the asset manifest {@code file}: packaging {@code file}, templates left out, one destination each. */
    private static List<FileAsset> fileAssets(Path directory, String file) {
        Path manifestFile = directory.resolve(file);
        JsonNode manifest;
        try {
            manifest = Json.mapper().readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new DeployException("cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        List<FileAsset> assets = new ArrayList<>();
        for (JsonNode asset : manifest.path("files")) {
            String path = asset.path("source").path("path").asText();
            if (path.endsWith(".template.json")
                    || !"file".equals(asset.path("source").path("packaging").asText("file"))) {
                continue;
            }
            asset.path("destinations")
                    .elements()
                    .forEachRemaining(destination -> assets.add(new FileAsset(
                            directory.resolve(path),
                            destination.path("bucketName").asText(),
                            destination.path("objectKey").asText())));
        }
        return assets;
    }

    /** The assembly's directory. */
    public Path directory() {
        return directory;
    }

    /** Every stack, dependencies first. */
    public List<StackArtifact> stacks() {
        return List.copyOf(stacks.values());
    }

    /**
     * The stacks named (by stack name or artifact id) and the stacks they depend on, dependencies
     * first; every stack when {@code names} is empty.
     */
    public List<StackArtifact> select(Collection<String> names) {
        if (names.isEmpty()) {
            return stacks();
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            StackArtifact stack = stacks.values().stream()
                    .filter(s -> s.stackName().equals(name) || s.artifactId().equals(name))
                    .findFirst()
                    .orElseThrow(() ->
                            new DeployException("No stack named '" + name + "' in " + directory + " (stacks: "
                                    + String.join(
                                            ", ",
                                            stacks.values().stream()
                                                    .map(StackArtifact::stackName)
                                                    .toList()) + ")"));
            addWithDependencies(stack, wanted);
        }
        return stacks.values().stream()
                .filter(s -> wanted.contains(s.artifactId()))
                .toList();
    }

    private void addWithDependencies(StackArtifact stack, Set<String> wanted) {
        if (wanted.add(stack.artifactId())) {
            stack.dependencies().forEach(d -> addWithDependencies(stacks.get(d), wanted));
        }
    }

    private static Map<String, StackArtifact> order(Map<String, StackArtifact> stacks) {
        Map<String, StackArtifact> ordered = new LinkedHashMap<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (StackArtifact stack : stacks.values()) {
            visit(stack, stacks, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(
            StackArtifact stack,
            Map<String, StackArtifact> stacks,
            Map<String, StackArtifact> ordered,
            Set<String> visiting) {
        if (ordered.containsKey(stack.artifactId())) {
            return;
        }
        if (!visiting.add(stack.artifactId())) {
            throw new DeployException("The stacks depend on each other in a cycle: " + String.join(" -> ", visiting)
                    + " -> " + stack.artifactId());
        }
        for (String dependency : stack.dependencies()) {
            visit(stacks.get(dependency), stacks, ordered, visiting);
        }
        visiting.remove(stack.artifactId());
        ordered.put(stack.artifactId(), stack);
    }
}
