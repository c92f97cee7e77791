package dev.svcconnect.provider.ecs;

import dev.svcconnect.provider.ResourceHandler;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.EcsClient;

/** What the handlers of the ECS-shaped resources share: their type and the ECS client they call. */
abstract class EcsResourceHandler implements ResourceHandler {

    /** The ECS client. */
    final EcsClient ecs;

    private final String type;

    EcsResourceHandler(String type, EcsClient ecs) {
        this.type = type;
        this.ecs = Objects.requireNonNull(ecs, "ecs");
    }

    @Override
    public final String resourceType() {
        return type;
    }
}
