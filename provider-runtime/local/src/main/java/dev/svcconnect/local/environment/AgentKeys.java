package dev.svcconnect.local.environment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.api.SvcConnectApi;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The keys the local engine hands the processes it starts: join tokens for agents, reader keys for load balancers. */
interface AgentKeys {

    /** A join token of {@code cluster}. */
    String joinToken(String cluster);

    /** A reader key ({@code ACCESS_KEY_ID:SECRET}) for the host load balancer {@code name}. */
    String loadBalancerKey(String name);

    /** Keys created through svc-connect's own API at {@code endpoint}, signed with {@code admin}. */
    static AgentKeys of(URI endpoint, AwsCredentialsProvider admin) {
        return new AgentKeys() {
            @Override
            public String joinToken(String cluster) {
                return SvcConnectApi.of(endpoint, admin)
                        .call(
                                "CreateJoinToken",
                                Json.mapper()
                                        .createObjectNode()
                                        .put("Cluster", cluster)
                                        .put("TtlSeconds", 3600))
                        .path("JoinToken")
                        .asText();
            }

            @Override
            public String loadBalancerKey(String name) {
                JsonNode key = SvcConnectApi.of(endpoint, admin)
                        .call(
                                "CreateAccessKey",
                                Json.mapper()
                                        .createObjectNode()
                                        .put("Role", "reader")
                                        .put("Name", name));
                return key.path("AccessKeyId").asText() + ":"
                        + key.path("SecretAccessKey").asText();
            }
        };
    }
}
