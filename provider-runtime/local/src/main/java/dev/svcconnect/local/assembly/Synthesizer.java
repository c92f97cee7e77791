package dev.svcconnect.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Synthesizes a CDK app as the CDK CLI does: runs its command through {@code sh -c} with
 * {@code CDK_OUTDIR} set to the directory the cloud assembly goes to (and jsii's Node.js version
 * banner silenced: {@link NodeWarnings}), and reads the result.
 * The command is cdk.json's {@code app} unless one is given.
 */
public final class Synthesizer {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private Synthesizer() {}

    /** The {@code app} command of {@code directory/cdk.json}. */
    public static String appOf(Path directory) {
        Path cdkJson = directory.resolve("cdk.json");
        if (!Files.isRegularFile(cdkJson)) {
            throw new DeployException("There is no cdk.json in " + directory.toAbsolutePath()
                    + "; give the app's command with --app \"COMMAND\" or a synthesized assembly with --assembly DIR");
        }
        JsonNode app;
        try {
            app = Json.mapper().readTree(cdkJson.toFile()).get("app");
        } catch (IOException e) {
            throw new DeployException("cannot read " + cdkJson + ": " + e.getMessage(), e);
        }
        if (app == null || !app.isTextual() || app.asText().isBlank()) {
            throw new DeployException(cdkJson + ": \"app\" must be the command that synthesizes the app");
        }
        return app.asText();
    }

    /**
     * Runs {@code command} in {@code workingDirectory} with {@code CDK_OUTDIR=outdir} (emptied
     * first), its output going to this process's, and answers the assembly it wrote.
     */
    public static CloudAssembly synthesize(String command, Path workingDirectory, Path outdir) {
        try {
            if (Files.isDirectory(outdir)) {
                try (var files = Files.walk(outdir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(outdir);
            ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", command))
                    .directory(workingDirectory.toFile())
                    .inheritIO();
            builder.environment().put("CDK_OUTDIR", outdir.toAbsolutePath().toString());
            NodeWarnings.silence(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new DeployException(
                        "The app '" + command + "' did not finish within " + TIMEOUT.toMinutes() + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new DeployException("The app '" + command + "' failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new DeployException("cannot run the app '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while synthesizing the app", e);
        }
        return CloudAssembly.read(outdir);
    }
}
