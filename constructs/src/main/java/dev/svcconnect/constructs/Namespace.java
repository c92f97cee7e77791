package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.constructs.Construct;

/**
 * A Service Connect namespace, rendered as {@code Custom::SvcConnectNamespace} with the
 * properties of {@code AWS::ServiceDiscovery::HttpNamespace} ({@code Name}, {@code Description}).
 *
 * <pre>{@code
 * Namespace ns = Namespace.Builder.create(stack, "Namespace").name("internal").build();
 * }</pre>
 */
public class Namespace extends Construct implements INamespace {

    private final String namespaceName;
    private final CustomResource resource;

    /** A namespace in {@code scope}. */
    public Namespace(Construct scope, String id, NamespaceProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "props");
        this.namespaceName = Validation.namespaceName(props.getName(), "name");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Name", namespaceName);
        if (props.getDescription() != null) {
            properties.put("Description", props.getDescription());
        }
        this.resource = StackProvider.of(this).resource(this, "Resource", "Custom::SvcConnectNamespace", properties);
    }

    /** A reference to the existing namespace {@code namespaceName}, created elsewhere. */
    public static INamespace fromNamespaceName(Construct scope, String id, String namespaceName) {
        String name = Validation.namespaceName(namespaceName, "namespaceName");
        return new Imported(scope, id, name);
    }

    @Override
    public String getNamespaceName() {
        return namespaceName;
    }

    /** The namespace's id ({@code Fn::GetAtt Id}). */
    public String getNamespaceId() {
        return resource.getAttString("Id");
    }

    /** The namespace's ARN ({@code Fn::GetAtt Arn}). */
    public String getNamespaceArn() {
        return resource.getAttString("Arn");
    }

    private static final class Imported extends Construct implements INamespace {
        private final String name;

        Imported(Construct scope, String id, String name) {
            super(scope, id);
            this.name = name;
        }

        @Override
        public String getNamespaceName() {
            return name;
        }
    }

    /** Builds a {@link Namespace}: {@code Namespace.Builder.create(scope, id).name("internal").build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final NamespaceProps.Builder props = NamespaceProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /** A builder of a namespace {@code id} in {@code scope}. */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see NamespaceProps#getName() */
        public Builder name(String name) {
            props.name(name);
            return this;
        }

        /** @see NamespaceProps#getDescription() */
        public Builder description(String description) {
            props.description(description);
            return this;
        }

        /** The namespace. */
        public Namespace build() {
            return new Namespace(scope, id, props.build());
        }
    }
}
