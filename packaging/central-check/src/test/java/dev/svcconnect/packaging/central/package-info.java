/**
 * The Maven Central requirements, checked on the artifacts the release profile built for the
 * published modules: {@link CentralRequirementsTest}, reading each with {@link PublishedModule}.
 */
package dev.svcconnect.packaging.central;
