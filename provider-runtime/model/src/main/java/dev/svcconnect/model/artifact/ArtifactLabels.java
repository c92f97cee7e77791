package dev.svcconnect.model.artifact;

/**
 * The {@code dockerLabels} of a container definition that name its artifact: an archive or file
 * the host agent fetches, checks and unpacks into the container's working directory before the
 * container starts. ECS keeps labels as they are, so a task definition carries them through the
 * ECS API, the CloudFormation provider and the watch API unchanged.
 */
public final class ArtifactLabels {

    /** Where the artifact is: {@code s3://BUCKET/KEY}. */
    public static final String URL = "svc-connect.artifact.url";
    /** The SHA-256 of its bytes, 64 lower-case hex digits. */
    public static final String SHA256 = "svc-connect.artifact.sha256";
    /**
     * Its file name, which says how it is unpacked: {@code .zip}, {@code .tar}, {@code .tar.gz} or
     * {@code .tgz} are extracted; any other file is put there under this name.
     */
    public static final String NAME = "svc-connect.artifact.name";

    private ArtifactLabels() {}
}
