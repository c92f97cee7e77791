/**
 * A container's artifact: the archive or file its task definition names in its
 * {@link dev.svcconnect.model.artifact.ArtifactLabels} ({@link dev.svcconnect.agent.artifact.Artifact}),
 * fetched from S3 with the host's credentials or from a directory standing in for S3
 * ({@link dev.svcconnect.agent.artifact.ArtifactSource}), checked against its SHA-256 and unpacked into
 * the container's working directory ({@link dev.svcconnect.agent.artifact.ArtifactInstaller}) before the
 * container starts.
 */
package dev.svcconnect.agent.artifact;
