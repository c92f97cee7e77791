package dev.svcconnect.constructs;

import dev.svcconnect.model.artifact.ArtifactLabels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * What a container runs when its hosts run processes: a file or archive shipped with the app, as
 * aws-cdk-lib's {@code ContainerImage.fromAsset} ships an image. Given to
 * {@link ContainerDefinitionOptions.Builder#artifact}, it is an S3 asset ({@code s3_assets.Asset})
 * that {@code cdk deploy} uploads and {@code svc-connect deploy} publishes to its local stand-in for
 * S3; the container definition names it in three {@code DockerLabels} ({@link ArtifactLabels}: the
 * object's {@code s3://} URL, its SHA-256 and its file name). Before the container starts, the host
 * agent fetches it (on AWS with the host's role), checks the SHA-256 and unpacks it into the
 * container's working directory: a {@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz} is
 * extracted, any other file (a jar, a binary) is put there under its name. A mismatch stops the
 * task with {@code CannotPullContainerError}. Commands then name it relatively:
 *
 * <pre>{@code
 * task.addContainer("api", ContainerDefinitionOptions.builder()
 *         .artifact(TaskArtifact.fromAsset("api/target/api.jar"))
 *         .command(List.of("java", "-jar", "api.jar"))
 *         .build());
 * }</pre>
 */
public abstract class TaskArtifact {

    /** The file names the host agent takes (it unpacks by the name's ending). */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,254}");

    TaskArtifact() {}

    /**
     * The file at {@code path} (relative to the directory the app is synthesized from), shipped as an
     * S3 asset. A directory is not taken: pack it first ({@code tar czf app.tar.gz -C DIR .}).
     */
    public static TaskArtifact fromAsset(String path) {
        return new FromAsset(Objects.requireNonNull(path, "path"));
    }

    /** The container definition's {@code DockerLabels} that name the artifact, its asset made in {@code scope}. */
    abstract Map<String, String> bind(Construct scope);

    private static final class FromAsset extends TaskArtifact {
        private final String path;

        FromAsset(String path) {
            this.path = path;
        }

        @Override
        Map<String, String> bind(Construct scope) {
            Path file = Path.of(path);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("artifact: '" + path + "' is "
                        + (Files.isDirectory(file)
                                ? "a directory (expected: a file; pack it first, e.g. tar czf app.tar.gz -C DIR .)"
                                : "not a file")
                        + " (container " + scope.getNode().getPath() + ")");
            }
            String name = file.getFileName().toString();
            if (!FILE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("artifact: '" + path + "': its file name '" + name
                        + "' (expected: letters, digits, '.', '_', '+' and '-', not starting with '.')");
            }
            Asset asset = Asset.Builder.create(scope, "Artifact").path(path).build();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(ArtifactLabels.URL, asset.getS3ObjectUrl());
            labels.put(ArtifactLabels.SHA256, sha256(file));
            labels.put(ArtifactLabels.NAME, name);
            return labels;
        }

        private static String sha256(Path file) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException("artifact: cannot read " + file, e);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
