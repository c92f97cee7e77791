package dev.svcconnect.local.assembly;

import java.util.List;
import java.util.Objects;

/**
 * One stack of a cloud assembly.
 *
 * @param artifactId   the artifact's id in {@code manifest.json}
 * @param stackName    the stack's name ({@code properties.stackName}, else the artifact id)
 * @param template     the stack's template
 * @param dependencies the artifact ids of the stacks this one needs first
 * @param fileAssets the files {@code cdk deploy} would upload to S3 for it (its asset manifest's
 *     {@code files} of packaging {@code file}, the template left out)
 */
public record StackArtifact(
        String artifactId,
        String stackName,
        StackTemplate template,
        List<String> dependencies,
        List<FileAsset> fileAssets) {

    public StackArtifact {
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(template, "template");
        dependencies = List.copyOf(dependencies);
        fileAssets = List.copyOf(fileAssets);
    }
}
