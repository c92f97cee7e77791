package dev.svcconnect.sample.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * A stack as CloudFormation reports it once {@code cdk deploy} has ended: its status, its resources
 * and the reasons its resources failed. A resource is found by its type and the start of its logical
 * id, which CDK derives from the construct path ({@code ControlPlaneStore4468E7FF}).
 */
record DeployedStack(String status, List<StackResourceSummary> resources, List<StackEvent> events) {

    DeployedStack {
        resources = List.copyOf(resources);
        events = List.copyOf(events);
    }

    /** The stack {@code name}; its status is {@code absent} when cdk deploy did not get as far as creating it. */
    static DeployedStack read(CloudFormationClient cloudFormation, String name) {
        String status = cloudFormation.listStacksPaginator().stackSummaries().stream()
                .filter(stack -> name.equals(stack.stackName()))
                .map(StackSummary::stackStatusAsString)
                .findFirst()
                .orElse("absent");
        if ("absent".equals(status)) {
            return new DeployedStack(status, List.of(), List.of());
        }
        return new DeployedStack(
                status,
                cloudFormation.listStackResourcesPaginator(b -> b.stackName(name)).stackResourceSummaries().stream()
                        .toList(),
                cloudFormation.describeStackEventsPaginator(b -> b.stackName(name)).stackEvents().stream()
                        .toList());
    }

    /** The resources of {@code type} whose logical id starts with {@code prefix}. */
    List<StackResourceSummary> named(String type, String prefix) {
        return resources.stream()
                .filter(r ->
                        type.equals(r.resourceType()) && r.logicalResourceId().startsWith(prefix))
                .toList();
    }

    /** The physical id of the one resource of {@code type} named {@code prefix}*, which must have been created. */
    String created(String type, String prefix) {
        List<StackResourceSummary> matching = named(type, prefix);
        assertThat(matching).as("the stack's %s named %s*", type, prefix).hasSize(1);
        StackResourceSummary resource = matching.get(0);
        assertThat(resource.resourceStatusAsString())
                .as("%s (%s): %s", resource.logicalResourceId(), type, resource.resourceStatusReason())
                .isEqualTo("CREATE_COMPLETE");
        return resource.physicalResourceId();
    }

    /** Why each resource whose type starts with {@code typePrefix} failed to be created. */
    List<String> creationFailures(String typePrefix) {
        return events.stream()
                .filter(e -> "CREATE_FAILED".equals(e.resourceStatusAsString()))
                .filter(e -> e.resourceType().startsWith(typePrefix))
                .map(e -> e.logicalResourceId() + " (" + e.resourceType() + "): " + e.resourceStatusReason())
                .toList();
    }
}
