package dev.svcconnect.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.local.assembly.FileAsset;
import java.util.List;

/**
 * Told about the resources the engine applies, so that the environment can provide what they
 * need on this machine (host agents for a host fleet or for Fargate services) before their
 * handlers wait for a steady state, and take it away after they are deleted.
 */
public interface ResourceListener {

    /** Does nothing. */
    ResourceListener NONE = new ResourceListener() {
        @Override
        public void beforeApply(String logicalId, String type, JsonNode properties) {}

        @Override
        public void afterDelete(String logicalId, String type, JsonNode properties) {}
    };

    /**
     * A stack is about to be deployed: its file assets, their buckets resolved, are to be published
     * where this machine's hosts read them, as {@code cdk deploy} uploads them to S3. Does nothing
     * by default.
     */
    default void publish(List<FileAsset> assets) {}

    /** The resource {@code logicalId} of {@code type} is about to be created or updated with these resolved properties. */
    void beforeApply(String logicalId, String type, JsonNode properties);

    /** The resource {@code logicalId} of {@code type} with these properties was deleted. */
    void afterDelete(String logicalId, String type, JsonNode properties);

    /**
     * A destroy has deleted its stacks; returns once what their resources ran on this machine is
     * gone (the environment's processes and networks), else throws a {@code DeployException} naming
     * what is left. Does nothing by default.
     */
    default void afterDestroy() {}
}
