package dev.svcconnect.local.assembly;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file asset of a stack, from the assembly's asset manifest ({@code STACK.assets.json}): the file
 * {@code cdk deploy} uploads to S3 before the stack, as it is (packaging {@code file}).
 *
 * @param source the file in the assembly
 * @param bucketName the bucket, with the manifest's {@code ${AWS::AccountId}}, {@code ${AWS::Region}} and
 *     {@code ${AWS::Partition}} placeholders until {@link #in resolved}
 * @param objectKey the object's key
 */
public record FileAsset(Path source, String bucketName, String objectKey) {

    public FileAsset {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(objectKey, "objectKey");
    }

    /** The asset with its bucket's placeholders replaced by the account and Region deployed to. */
    public FileAsset in(String account, String region) {
        return new FileAsset(
                source,
                bucketName
                        .replace("${AWS::AccountId}", account)
                        .replace("${AWS::Region}", region)
                        .replace("${AWS::Partition}", "aws"),
                objectKey);
    }
}
