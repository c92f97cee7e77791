package dev.svcconnect.constructs;

import software.constructs.IConstruct;

/**
 * A Service Connect namespace (as aws-cdk-lib's {@code servicediscovery.INamespace}): one created
 * by a {@link Namespace}, or an existing one imported with {@link Namespace#fromNamespaceName} or
 * {@link Namespace#fromNamespaceAttributes}.
 */
public interface INamespace extends IConstruct {

    /** The namespace's name, as services and clusters refer to it. */
    String getNamespaceName();

    /**
     * The namespace's id ({@code ns-...}).
     *
     * @throws IllegalStateException for a namespace imported without its id
     */
    String getNamespaceId();

    /**
     * The namespace's ARN.
     *
     * @throws IllegalStateException for a namespace imported without its ARN
     */
    String getNamespaceArn();
}
