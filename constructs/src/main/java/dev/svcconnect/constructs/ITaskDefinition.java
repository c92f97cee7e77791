package dev.svcconnect.constructs;

import software.constructs.IConstruct;

/**
 * A task definition (as aws-cdk-lib's {@code ecs.ITaskDefinition}): one created by a
 * {@link TaskDefinition}, or an existing revision imported with
 * {@link TaskDefinition#fromTaskDefinitionArn} or {@link TaskDefinition#fromTaskDefinitionAttributes}.
 */
public interface ITaskDefinition extends IConstruct {

    /** The ARN of the task definition's revision. */
    String getTaskDefinitionArn();

    /**
     * The network mode of the task's containers.
     *
     * @throws IllegalStateException for a task definition imported without its network mode
     */
    NetworkMode getNetworkMode();
}
