package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code npx cdk synth} of {@link TestApp}, with the CDK CLI pinned in the root package.json
 * (installed by {@code npm ci}), gives the same template as the in-process synth.
 */
class CdkSynthTest {

    private static final long TIMEOUT_SECONDS = 180;

    @Test
    void npxCdkSynthGivesTheSameTemplateAsTheInProcessSynth() throws Exception {
        Path root = Path.of(System.getProperty("svcconnect.rootDir", "..")).toRealPath();
        assertThat(root.resolve("node_modules/aws-cdk/package.json"))
                .withFailMessage("the AWS CDK CLI is not installed: run 'npm ci' in %s", root)
                .exists();
        Path work = Files.createDirectories(root.resolve("constructs/target/cdk-synth-test"));
        Path out = work.resolve("cdk.out");
        Path log = work.resolve("cdk-synth.log");

        List<String> command = new ArrayList<>(List.of(
                "npx",
                "--no-install",
                "cdk",
                "synth",
                "--app",
                javaCommand(),
                "--output",
                out.toString(),
                "--no-version-reporting",
                "--no-path-metadata",
                "--no-asset-metadata",
                "--no-notices",
                "--quiet",
                "ServiceConnectApp"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .putAll(Map.of(
                        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1",
                        "CDK_DISABLE_VERSION_CHECK", "1",
                        "CDK_DISABLE_CLI_TELEMETRY", "true"));
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(exited)
                    .withFailMessage("npx cdk synth did not finish in %d s; log: %s", TIMEOUT_SECONDS, log)
                    .isTrue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertThat(process.exitValue())
                .withFailMessage("npx cdk synth failed:%n%s", Files.readString(log))
                .isZero();

        ObjectMapper mapper = new ObjectMapper();
        JsonNode fromCli =
                mapper.readTree(out.resolve("ServiceConnectApp.template.json").toFile());
        JsonNode inProcess =
                mapper.valueToTree(Template.fromStack(TestApp.define(new App())).toJSON());
        assertThat(fromCli).isEqualTo(inProcess);
        assertThat(fromCli.at("/Resources").toString()).contains("Custom::SvcConnectService");
    }

    /** {@code java -cp CLASSPATH dev.svcconnect.constructs.TestApp}, with this test's class path. */
    private static String javaCommand() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return quote(java.toString()) + " -cp " + quote(classPath) + " " + TestApp.class.getName();
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
