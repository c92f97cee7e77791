package dev.svcconnect.controlplane.api.ssm;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.crypto.DataKey;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.Optional;

/**
 * The parameters' names, ARNs and values: each value is sealed with the data key for the context
 * {@code ssm-parameter:NAME}, so a sealed value copied to another parameter's row does not open.
 */
public final class ParameterStore {

    private final DataKey key;
    private final ParameterNames names;
    private final ResourceNames resources;

    public ParameterStore(DataKey key, ResourceNames resources) {
        this.key = requireNonNull(key, "key");
        this.resources = requireNonNull(resources, "resources");
        this.names = new ParameterNames(resources);
    }

    /** The parameter a name or an ARN of this account and Region refers to. */
    Optional<Parameter> find(Transaction tx, String reference) {
        for (String name : names.namesOf(reference)) {
            Optional<Parameter> found = Parameter.find(tx, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    String seal(String name, String value) {
        return key.seal(value, context(name));
    }

    /** The parameter's value in the clear. */
    String reveal(Parameter parameter) {
        return key.open(parameter.sealedValue(), context(parameter.name()));
    }

    String arn(Parameter parameter) {
        return names.arn(parameter.name());
    }

    double now() {
        return resources.now();
    }

    private static String context(String name) {
        return "ssm-parameter:" + name;
    }
}
