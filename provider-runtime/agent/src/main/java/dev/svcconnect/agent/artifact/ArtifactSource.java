package dev.svcconnect.agent.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where a host reads artifacts from: S3, or a directory standing in for it. */
public interface ArtifactSource {

    /** The object of {@code artifact}'s URL; IOException saying why when it cannot be read. */
    InputStream open(Artifact artifact) throws IOException;

    /**
     * S3 through the AWS SDK's default credentials (on EC2, the instance's role) and Region
     * ({@code AWS_REGION}, else the instance's); {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}
     * points it at another endpoint (then with path-style addressing, as emulators need).
     */
    static ArtifactSource s3() {
        return new S3ArtifactSource();
    }

    /**
     * The local engine's stand-in for S3: {@code s3://BUCKET/KEY} is the file {@code directory/BUCKET/KEY},
     * where {@code svc-connect deploy} publishes the cloud assembly's file assets.
     */
    static ArtifactSource directory(Path standIn) {
        Path directory = standIn.toAbsolutePath().normalize();
        return artifact -> {
            Path file =
                    directory.resolve(artifact.bucket()).resolve(artifact.key()).normalize();
            if (!file.startsWith(directory)) {
                throw new IOException("the key leaves " + directory);
            }
            try {
                return java.nio.file.Files.newInputStream(file);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException(
                        "no such object (the local stand-in for S3 has no file " + file
                                + ": deploy the app again, which publishes its assets)",
                        e);
            }
        };
    }
}
