package dev.svcconnect.constructs.internal;

import dev.svcconnect.constructs.ITaskDefinition;
import dev.svcconnect.constructs.NetworkMode;
import dev.svcconnect.constructs.TaskDefinitionAttributes;
import software.constructs.Construct;

/** An existing task definition revision, known by its attributes; it renders nothing. */
public final class ImportedTaskDefinition extends Construct implements ITaskDefinition {

    private final TaskDefinitionAttributes attributes;

    /** The revision of {@code attributes}. */
    public ImportedTaskDefinition(Construct scope, String id, TaskDefinitionAttributes attributes) {
        super(scope, id);
        this.attributes = attributes;
    }

    @Override
    public String getTaskDefinitionArn() {
        return attributes.getTaskDefinitionArn();
    }

    @Override
    public NetworkMode getNetworkMode() {
        if (attributes.getNetworkMode() == null) {
            throw new IllegalStateException("networkMode: unknown for the imported task definition "
                    + getNode().getPath() + " (expected: import it with TaskDefinition.fromTaskDefinitionAttributes"
                    + " and a networkMode)");
        }
        return attributes.getNetworkMode();
    }
}
