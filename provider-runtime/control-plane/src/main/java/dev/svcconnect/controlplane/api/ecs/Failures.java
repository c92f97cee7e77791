package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** The {@code failures} of ECS's Describe* answers. */
final class Failures {

    private Failures() {}

    /** Adds a failure for a resource that was not found. */
    static void missing(ArrayNode failures, String arn) {
        failures.addObject().put("arn", arn).put("reason", "MISSING");
    }
}
