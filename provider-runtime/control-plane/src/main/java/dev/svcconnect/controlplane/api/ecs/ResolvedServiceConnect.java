package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A deployment's Service Connect: its checked configuration, ECS's defaults filled in, and the
 * Cloud Map services it uses ({@code serviceConnectResources}), one per Service Connect service.
 */
record ResolvedServiceConnect(ObjectNode configuration, ArrayNode resources) {

    ResolvedServiceConnect {
        requireNonNull(configuration, "configuration");
        requireNonNull(resources, "resources");
    }
}
