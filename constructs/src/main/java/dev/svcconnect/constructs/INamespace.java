package dev.svcconnect.constructs;

import software.constructs.IConstruct;

/** A Service Connect namespace: one created by a {@link Namespace}, or an existing one by name. */
public interface INamespace extends IConstruct {

    /** The namespace's name, as services and clusters refer to it. */
    String getNamespaceName();
}
