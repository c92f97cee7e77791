package dev.svcconnect.provider.ecs;

import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.RequestType;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * {@code Custom::SvcConnectTaskDefinition}, mirroring {@code AWS::ECS::TaskDefinition}:
 * RegisterTaskDefinition on Create and on every Update (task definitions are immutable, so every
 * change is a new revision and a new physical id) and DeregisterTaskDefinition on Delete.
 *
 * <p>The physical id is the revision's ARN; the data are {@code TaskDefinitionArn},
 * {@code Family} and {@code Revision}. A retried event reuses the family's latest revision when it
 * already has the requested content, instead of registering another one.
 */
public final class TaskDefinitionHandler extends EcsResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectTaskDefinition";

    /** A handler calling {@code ecs}. */
    public TaskDefinitionHandler(EcsClient ecs) {
        super(TYPE, ecs);
    }

    @Override
    public OnEventResult onEvent(ProviderEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            deregister(event.physicalResourceId());
            return new OnEventResult(event.physicalResourceId(), Map.of());
        }
        RegisterTaskDefinitionRequest request = TaskDefinitionRequests.register(event.properties());
        TaskDefinition revision = describe(request.family())
                .filter(latest -> latest.status() != TaskDefinitionStatus.INACTIVE)
                .filter(latest -> TaskDefinitionRequests.sameContent(request, latest))
                .orElseGet(() -> ecs.registerTaskDefinition(request).taskDefinition());
        return new OnEventResult(
                revision.taskDefinitionArn(),
                Map.of(
                        "TaskDefinitionArn", revision.taskDefinitionArn(),
                        "Family", revision.family(),
                        "Revision", revision.revision()));
    }

    @Override
    public IsCompleteResult isComplete(ProviderEvent event) {
        return IsCompleteResult.done();
    }

    private void deregister(String arn) {
        try {
            ecs.deregisterTaskDefinition(b -> b.taskDefinition(arn));
        } catch (ClientException | InvalidParameterException e) {
            Optional<TaskDefinition> existing = describe(arn);
            if (existing.isPresent() && existing.get().status() != TaskDefinitionStatus.INACTIVE) {
                throw e;
            }
        }
    }

    private Optional<TaskDefinition> describe(String familyOrArn) {
        try {
            return Optional.ofNullable(ecs.describeTaskDefinition(b -> b.taskDefinition(familyOrArn))
                    .taskDefinition());
        } catch (ClientException | InvalidParameterException e) {
            return Optional.empty();
        }
    }
}
