package dev.svcconnect.controlplane.api.ssm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code PutParameter}, {@code DeleteParameter} and {@code DeleteParameters}. */
final class ParameterWrites {

    /** The longest value of a Standard parameter. */
    static final int MAX_VALUE = 4096;

    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_TAGS = 50;
    private static final int MAX_NAMES = 10;
    private static final Set<String> TYPES = Set.of(Parameter.STRING, Parameter.STRING_LIST, Parameter.SECURE_STRING);

    private final Store store;
    private final ParameterStore parameters;

    ParameterWrites(Store store, ParameterStore parameters) {
        this.store = store;
        this.parameters = parameters;
    }

    void addTo(Map<String, Operation> operations) {
        operations.put("PutParameter", this::put);
        operations.put("DeleteParameter", this::delete);
        operations.put("DeleteParameters", this::deleteMany);
    }

    private ObjectNode put(Params request) {
        String name = ParameterNames.checkNew("Name", request.requiredString("Name"));
        String value = request.string("Value");
        if (value == null || value.isEmpty()) {
            throw request.invalid("Value", "is required (1-" + MAX_VALUE + " characters)");
        }
        if (value.length() > MAX_VALUE) {
            throw request.invalid(
                    "Value",
                    value.length() + " characters (expected: at most " + MAX_VALUE + " for a Standard parameter)");
        }
        String type = request.string("Type");
        if (type != null && !TYPES.contains(type)) {
            throw request.invalid("Type", "'" + type + "' (expected: String, StringList or SecureString)");
        }
        String description = request.string("Description");
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw request.invalid(
                    "Description", description.length() + " characters (expected: at most " + MAX_DESCRIPTION + ")");
        }
        String tier = request.string("Tier");
        if (tier != null && !tier.equals("Standard")) {
            throw request.invalid("Tier", "'" + tier + "' (expected: Standard; this control plane has no other tier)");
        }
        String keyId = request.string("KeyId");
        if (keyId != null && type != null && !Parameter.SECURE_STRING.equals(type)) {
            throw request.invalid("KeyId", "is for a SecureString only (Type is " + type + ")");
        }
        boolean overwrite = request.bool("Overwrite", false);
        Map<String, String> tags = tags(request);
        if (overwrite && !tags.isEmpty()) {
            throw new ApiException(
                    SsmApi.VALIDATION,
                    "Tags: can't be given with Overwrite (tags are set when a parameter is created; remove Overwrite to "
                            + "create it with tags).");
        }
        String sealed = parameters.seal(name, value);
        long version = store.write(tx -> {
            Parameter previous = Parameter.find(tx, name).orElse(null);
            if (previous != null && !overwrite) {
                throw new ApiException(
                        "ParameterAlreadyExists",
                        "The parameter " + name + " already exists. To overwrite its value, set Overwrite to true.");
            }
            if (previous == null && type == null) {
                throw request.invalid("Type", "is required for a new parameter (String, StringList or SecureString)");
            }
            if (previous != null && type != null && !type.equals(previous.type())) {
                throw new ApiException(
                        "HierarchyTypeMismatchException",
                        "Type: " + name + " is a " + previous.type() + "; its type can't be changed to " + type
                                + " (delete it and put it again).");
            }
            String actualType = type != null ? type : previous.type();
            Parameter parameter =
                    Parameter.version(previous, name, actualType, sealed, description, keyId, tags, parameters.now());
            parameter.save(tx);
            return parameter.version();
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("Version", version).put("Tier", "Standard");
        return response;
    }

    private ObjectNode delete(Params request) {
        String name = request.requiredString("Name");
        store.write(tx -> {
            Parameter.find(tx, name).orElseThrow(() -> ParameterReads.notFound(name));
            tx.delete(Table.PARAMETERS, name);
            return null;
        });
        return Json.mapper().createObjectNode();
    }

    private ObjectNode deleteMany(Params request) {
        List<String> names = request.strings("Names", 1, MAX_NAMES);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode deleted = response.putArray("DeletedParameters");
        ArrayNode invalid = response.putArray("InvalidParameters");
        store.write(tx -> {
            for (String name : names) {
                if (Parameter.find(tx, name).isPresent()) {
                    tx.delete(Table.PARAMETERS, name);
                    deleted.add(name);
                } else {
                    invalid.add(name);
                }
            }
            return null;
        });
        return response;
    }

    /** The request's {@code Tags} by key: keys of 1-128 characters, values of 0-256, at most 50. */
    private static Map<String, String> tags(Params request) {
        List<Params> tags = request.objects("Tags");
        if (tags.size() > MAX_TAGS) {
            throw request.invalid("Tags", tags.size() + " tags (expected: at most " + MAX_TAGS + ")");
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Params tag : tags) {
            String key = tag.requiredString("Key");
            if (key.length() > 128) {
                throw tag.invalid("Key", key.length() + " characters (expected: 1-128)");
            }
            String value = tag.string("Value");
            if (value == null) {
                throw tag.invalid("Value", "is required");
            }
            if (value.length() > 256) {
                throw tag.invalid("Value", value.length() + " characters (expected: 0-256)");
            }
            byKey.put(key, value);
        }
        return byKey;
    }
}
