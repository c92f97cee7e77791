package dev.svcconnect.local.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.local.assembly.CloudAssembly;
import dev.svcconnect.local.assembly.FileAsset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stand-in for S3: a stack's file assets, read from its asset manifest as {@code cdk deploy}
 * reads them, are published under {@code BUCKET/KEY} with the local account and Region, where the
 * local agents read containers' artifacts.
 */
class LocalS3Test {

    private static final String BUCKET = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}";

    @TempDir
    Path dir;

    @Test
    void aStacksFileAssetsAreReadFromItsAssetManifestLeavingOutTheTemplate() throws Exception {
        CloudAssembly assembly = assembly();

        assertThat(assembly.stacks().get(0).fileAssets())
                .containsExactly(new FileAsset(dir.resolve("cdk.out/asset.ab12.jar"), BUCKET, "ab12.jar"));
    }

    @Test
    void publishedAssetsAreHardLinksUnderTheirResolvedBucketAndKeyAndArePublishedOnce() throws Exception {
        List<FileAsset> assets = assembly().stacks().get(0).fileAssets().stream()
                .map(asset -> asset.in("000000000000", "us-east-1"))
                .toList();
        LocalS3 s3 = new LocalS3(dir.resolve("s3"));

        s3.publish(assets);
        s3.publish(assets);

        Path object = dir.resolve("s3/cdk-hnb659fds-assets-000000000000-us-east-1/ab12.jar");
        assertThat(object).hasContent("the jar");
        assertThat(Files.getAttribute(object, "unix:ino"))
                .isEqualTo(Files.getAttribute(dir.resolve("cdk.out/asset.ab12.jar"), "unix:ino"));
    }

    private CloudAssembly assembly() throws Exception {
        Path out = Files.createDirectories(dir.resolve("cdk.out"));
        Files.writeString(out.resolve("asset.ab12.jar"), "the jar");
        Files.writeString(
                out.resolve("Apps.template.json"),
                "{\"Resources\": {\"Ns\": {\"Type\": \"Custom::SvcConnectNamespace\", \"Properties\": {\"Name\": \"apps\"}}}}");
        Files.writeString(out.resolve("Apps.assets.json"), """
                {"version": "48.0.0", "files": {
                  "ab12": {"source": {"path": "asset.ab12.jar", "packaging": "file"},
                    "destinations": {"current_account-current_region":
                      {"bucketName": "%s", "objectKey": "ab12.jar"}}},
                  "cd34": {"source": {"path": "Apps.template.json", "packaging": "file"},
                    "destinations": {"current_account-current_region":
                      {"bucketName": "%s", "objectKey": "cd34.json"}}}}}
                """.formatted(BUCKET, BUCKET));
        Files.writeString(out.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {
                  "Apps.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Apps.assets.json"}},
                  "Apps": {"type": "aws:cloudformation:stack", "dependencies": ["Apps.assets"],
                    "properties": {"templateFile": "Apps.template.json"}}}}
                """);
        return CloudAssembly.read(out);
    }
}
