package dev.svcconnect.local.environment;

import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.FileAsset;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The local stand-in for S3, {@code .svc-connect/s3/}: {@code s3://BUCKET/KEY} is the file
 * {@code BUCKET/KEY} under it. The engine publishes a stack's file assets there before deploying it,
 * as {@code cdk deploy} uploads them; the local agents read containers' artifacts from it
 * ({@code svc-connect agent --local-s3}). An asset's key names its content (the CDK's hash), so a
 * published file is never replaced; it is a hard link to the assembly's file where the file system
 * allows, else a copy.
 */
final class LocalS3 {

    private final Path directory;

    LocalS3(Path directory) {
        this.directory = directory;
    }

    /** The directory the agents are given. */
    Path directory() {
        return directory;
    }

    /** Publishes {@code assets} (their buckets resolved) that are not there yet. */
    void publish(List<FileAsset> assets) {
        for (FileAsset asset : assets) {
            Path target = directory
                    .resolve(asset.bucketName())
                    .resolve(asset.objectKey())
                    .normalize();
            if (!target.startsWith(directory)) {
                throw new DeployException("asset " + asset.source() + ": its bucket and key '" + asset.bucketName()
                        + "/" + asset.objectKey() + "' leave " + directory);
            }
            if (Files.isRegularFile(target)) {
                continue;
            }
            try {
                Files.createDirectories(target.getParent());
                try {
                    Files.createLink(target, asset.source());
                } catch (FileAlreadyExistsException e) {
                    // published by a concurrent deploy: the same content
                } catch (IOException | UnsupportedOperationException e) {
                    Path part = Files.createTempFile(target.getParent(), ".publish", ".part");
                    Files.copy(asset.source(), part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new DeployException(
                        "cannot publish the asset " + asset.source() + " to " + target + ": " + e.getMessage(), e);
            }
        }
    }
}
