package dev.svcconnect.e2e.moto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What {@code cdk bootstrap} and {@code cdk deploy} put in moto's account before a stack: the
 * bootstrap version parameter, and the stack's file assets (the provider's Lambda code, the
 * svc-connect jar, the containers' artifacts; directories zipped) in the assets bucket; then the
 * stack, created as {@code cdk deploy} creates it.
 */
final class CdkBootstrap {

    /** The account moto answers for. */
    static final String ACCOUNT = "123456789012";
    /** The assets bucket of the default synthesizer in that account and moto's Region. */
    static final String ASSETS_BUCKET = "cdk-hnb659fds-assets-" + ACCOUNT + "-us-east-1";

    private CdkBootstrap() {}

    /** Bootstraps moto's account and publishes the assets of {@code stack} in {@code assembly}. */
    static void publish(AwsCli aws, Path assembly, String stack) throws IOException {
        aws.ok(
                "ssm",
                "put-parameter",
                "--name",
                "/cdk-bootstrap/hnb659fds/version",
                "--value",
                "30",
                "--type",
                "String");
        JsonNode assets =
                Json.mapper().readTree(assembly.resolve(stack + ".assets.json").toFile());
        aws.ok("s3", "mb", "s3://" + ASSETS_BUCKET);
        for (JsonNode asset : assets.path("files")) {
            Path source = assembly.resolve(asset.path("source").path("path").asText());
            if (source.getFileName().toString().endsWith(".template.json")) {
                continue;
            }
            if ("zip".equals(asset.path("source").path("packaging").asText("file"))) {
                source = zip(source);
            }
            String key = asset.path("destinations")
                    .elements()
                    .next()
                    .path("objectKey")
                    .asText();
            aws.ok("s3", "cp", source.toString(), "s3://" + ASSETS_BUCKET + "/" + key);
        }
    }

    /** Creates the stack {@code name} of {@code template} with {@code parameters} ({@code ParameterKey=K,ParameterValue=V}); its id. */
    static String createStack(AwsCli aws, String name, Path template, String... parameters) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "cloudformation",
                "create-stack",
                "--stack-name",
                name,
                "--template-body",
                "file://" + template,
                "--capabilities",
                "CAPABILITY_IAM"));
        if (parameters.length > 0) {
            args.add("--parameters");
            args.addAll(List.of(parameters));
        }
        return Json.mapper()
                .readTree(aws.ok(args.toArray(String[]::new)))
                .path("StackId")
                .asText();
    }

    private static Path zip(Path directory) throws IOException {
        Path zip = Files.createTempFile(directory.getParent(), "asset", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(directory.relativize(file).toString()));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return zip;
    }
}
