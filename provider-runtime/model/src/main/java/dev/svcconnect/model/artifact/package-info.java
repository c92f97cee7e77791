/**
 * How a task definition names what a container runs when it is not an image: the
 * {@link dev.svcconnect.model.artifact.ArtifactLabels} of a container definition's
 * {@code dockerLabels}, written by the constructs' {@code TaskArtifact} and read by the host agent.
 */
package dev.svcconnect.model.artifact;
