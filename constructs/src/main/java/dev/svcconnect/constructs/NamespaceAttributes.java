package dev.svcconnect.constructs;

import java.util.Objects;

/** What is known of an existing namespace, for {@link Namespace#fromNamespaceAttributes}. */
public final class NamespaceAttributes {

    private final String namespaceName;
    private final String namespaceId;
    private final String namespaceArn;

    private NamespaceAttributes(Builder builder) {
        this.namespaceName = Objects.requireNonNull(builder.namespaceName, "namespaceName");
        this.namespaceId = builder.namespaceId;
        this.namespaceArn = builder.namespaceArn;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The namespace's name (required). */
    public String getNamespaceName() {
        return namespaceName;
    }

    /**
     * The namespace's id.
     *
     * @default - unknown: {@link INamespace#getNamespaceId()} throws
     */
    public String getNamespaceId() {
        return namespaceId;
    }

    /**
     * The namespace's ARN.
     *
     * @default - unknown: {@link INamespace#getNamespaceArn()} throws
     */
    public String getNamespaceArn() {
        return namespaceArn;
    }

    /** Builds {@link NamespaceAttributes}. */
    public static final class Builder {
        private String namespaceName;
        private String namespaceId;
        private String namespaceArn;

        private Builder() {}

        /** @see NamespaceAttributes#getNamespaceName() */
        public Builder namespaceName(String namespaceName) {
            this.namespaceName = namespaceName;
            return this;
        }

        /** @see NamespaceAttributes#getNamespaceId() */
        public Builder namespaceId(String namespaceId) {
            this.namespaceId = namespaceId;
            return this;
        }

        /** @see NamespaceAttributes#getNamespaceArn() */
        public Builder namespaceArn(String namespaceArn) {
            this.namespaceArn = namespaceArn;
            return this;
        }

        /** The attributes. */
        public NamespaceAttributes build() {
            return new NamespaceAttributes(this);
        }
    }
}
