package dev.svcconnect.agent.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.artifact.ArtifactLabels;

/**
 * What a container definition's {@link ArtifactLabels} say, as written: {@link ArtifactInstaller}
 * checks them, so that a malformed label stops the task with a reason instead of the agent.
 *
 * @param url {@code s3://BUCKET/KEY}
 * @param sha256 the SHA-256 of its bytes in hex
 * @param name its file name (how it is unpacked); null: the key's last part
 */
public record Artifact(String url, String sha256, String name) {

    /** The artifact of a container definition, or null when its labels name none. */
    public static Artifact of(JsonNode containerDefinition) {
        JsonNode labels = containerDefinition.path("dockerLabels");
        if (!labels.hasNonNull(ArtifactLabels.URL)) {
            return null;
        }
        return new Artifact(
                labels.path(ArtifactLabels.URL).asText(),
                labels.path(ArtifactLabels.SHA256).asText(null),
                labels.path(ArtifactLabels.NAME).asText(null));
    }

    /** The file name it is unpacked or kept under. */
    public String fileName() {
        return name != null ? name : url.substring(url.lastIndexOf('/') + 1);
    }

    /** The bucket of {@link #url()}; the URL must be {@link ArtifactInstaller#checked checked} first. */
    String bucket() {
        return url.substring("s3://".length(), url.indexOf('/', "s3://".length()));
    }

    /** The object key of {@link #url()}. */
    String key() {
        return url.substring(url.indexOf('/', "s3://".length()) + 1);
    }
}
