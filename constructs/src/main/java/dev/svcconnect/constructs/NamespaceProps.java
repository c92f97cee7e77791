package dev.svcconnect.constructs;

import java.util.Objects;

/** Properties of a {@link Namespace}. */
public final class NamespaceProps {

    private final String name;
    private final String description;

    private NamespaceProps(Builder builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.description = builder.description;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The namespace's name, the domain of its services' default DNS names. */
    public String getName() {
        return name;
    }

    /**
     * A description of the namespace.
     *
     * @default - no description
     */
    public String getDescription() {
        return description;
    }

    /** Builds {@link NamespaceProps}. */
    public static final class Builder {
        private String name;
        private String description;

        private Builder() {}

        /** @see NamespaceProps#getName() */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @see NamespaceProps#getDescription() */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The properties. */
        public NamespaceProps build() {
            return new NamespaceProps(this);
        }
    }
}
