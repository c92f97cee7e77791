package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.ImportedNamespace;
import dev.svcconnect.constructs.internal.Rendering;
import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.ITaggable;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.TagManager;
import software.amazon.awscdk.TagType;
import software.constructs.Construct;

/**
 * A Service Connect namespace, rendered as {@code Custom::SvcConnectNamespace} with the
 * properties of {@code AWS::ServiceDiscovery::HttpNamespace} ({@code Name}, {@code Description},
 * {@code Tags} from {@code Tags.of(...)}).
 *
 * <pre>{@code
 * Namespace ns = Namespace.Builder.create(stack, "Namespace").name("internal").build();
 * }</pre>
 */
public class Namespace extends Construct implements INamespace, ITaggable {

    private static final String TYPE = "Custom::SvcConnectNamespace";

    private final String namespaceName;
    private final TagManager tags = new TagManager(TagType.STANDARD, TYPE);
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
        properties.put("Tags", Lazy.uncachedAny(context -> Rendering.tags(tags)));
        this.resource = StackProvider.of(this).resource(this, "Resource", TYPE, properties);
    }

    /** A reference to the existing namespace {@code namespaceName}, created elsewhere. */
    public static INamespace fromNamespaceName(Construct scope, String id, String namespaceName) {
        return fromNamespaceAttributes(
                scope,
                id,
                NamespaceAttributes.builder().namespaceName(namespaceName).build());
    }

    /**
     * A reference to an existing namespace, with its id and ARN when known (as aws-cdk-lib's
     * {@code HttpNamespace.fromHttpNamespaceAttributes}).
     */
    public static INamespace fromNamespaceAttributes(Construct scope, String id, NamespaceAttributes attributes) {
        return new ImportedNamespace(scope, id, Objects.requireNonNull(attributes, "attributes"));
    }

    /** The tags of the namespace, rendered as {@code Tags} ({@code [{Key, Value}]}); add with {@code Tags.of(...)}. */
    @Override
    public TagManager getTags() {
        return tags;
    }

    @Override
    public String getNamespaceName() {
        return namespaceName;
    }

    /** The namespace's id ({@code Fn::GetAtt Id}). */
    @Override
    public String getNamespaceId() {
        return resource.getAttString("Id");
    }

    /** The namespace's ARN ({@code Fn::GetAtt Arn}). */
    @Override
    public String getNamespaceArn() {
        return resource.getAttString("Arn");
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
