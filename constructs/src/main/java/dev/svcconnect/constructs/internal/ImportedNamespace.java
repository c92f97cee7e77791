package dev.svcconnect.constructs.internal;

import dev.svcconnect.constructs.INamespace;
import dev.svcconnect.constructs.NamespaceAttributes;
import software.constructs.Construct;

/** An existing namespace, known by its attributes; it renders nothing. */
public final class ImportedNamespace extends Construct implements INamespace {

    private static final String IMPORT = "Namespace.fromNamespaceAttributes";

    private final NamespaceAttributes attributes;

    /** The namespace of {@code attributes}, its name checked. */
    public ImportedNamespace(Construct scope, String id, NamespaceAttributes attributes) {
        super(scope, id);
        Validation.namespaceName(attributes.getNamespaceName(), "namespaceName");
        this.attributes = attributes;
    }

    @Override
    public String getNamespaceName() {
        return attributes.getNamespaceName();
    }

    @Override
    public String getNamespaceId() {
        return Imported.required(attributes.getNamespaceId(), "namespaceId", what(), IMPORT);
    }

    @Override
    public String getNamespaceArn() {
        return Imported.required(attributes.getNamespaceArn(), "namespaceArn", what(), IMPORT);
    }

    private String what() {
        return "the imported namespace '" + getNamespaceName() + "' ("
                + getNode().getPath() + ")";
    }
}
