package dev.svcconnect.agent.task;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.agent.artifact.ArtifactSource;
import dev.svcconnect.agent.classdata.SidecarClassData;
import dev.svcconnect.agent.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every task of a host shares.
 *
 * @param dataDirectory where task directories and logs go
 * @param proxyCommand the sidecar proxy's command, to which the agent appends
 *     {@code --control-plane URL --task ID}
 * @param deregistrationDelay how long a stopping task waits after its deregistration, so the
 *     change reaches every client proxy before it drains
 * @param sandbox how containers are confined on this host
 * @param artifacts where containers' artifacts are read from
 * @param classData the class-data sharing archive the sidecars start with, once there is one
 */
public record TaskSettings(
        Path dataDirectory,
        List<String> proxyCommand,
        Duration deregistrationDelay,
        Sandbox sandbox,
        ArtifactSource artifacts,
        SidecarClassData classData) {

    /** Settings whose artifacts are read from S3, without a class-data archive for the sidecars. */
    public TaskSettings(Path dataDirectory, List<String> proxyCommand, Duration deregistrationDelay, Sandbox sandbox) {
        this(dataDirectory, proxyCommand, deregistrationDelay, sandbox, ArtifactSource.s3(), SidecarClassData.off());
    }

    public TaskSettings {
        requireNonNull(dataDirectory, "dataDirectory");
        proxyCommand = List.copyOf(proxyCommand);
        if (proxyCommand.isEmpty()) {
            throw new IllegalArgumentException("proxyCommand: is empty (expected: a program and its arguments)");
        }
        requireNonNull(deregistrationDelay, "deregistrationDelay");
        requireNonNull(sandbox, "sandbox");
        requireNonNull(artifacts, "artifacts");
        requireNonNull(classData, "classData");
    }
}
