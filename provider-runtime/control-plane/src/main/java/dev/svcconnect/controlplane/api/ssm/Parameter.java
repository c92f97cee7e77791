package dev.svcconnect.controlplane.api.ssm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stored SSM parameter: its metadata in the shape {@code DescribeParameters} answers, and its
 * value sealed with the data key under {@value #SEALED_VALUE}, a field no answer copies.
 */
final class Parameter {

    static final String STRING = "String";
    static final String STRING_LIST = "StringList";
    static final String SECURE_STRING = "SecureString";
    /** The KMS key SSM names for a SecureString put without {@code KeyId}. */
    static final String DEFAULT_KEY_ID = "alias/aws/ssm";

    /** The stored field of the sealed value; never part of an answer. */
    private static final String SEALED_VALUE = "SealedValue";

    private static final String TAGS = "Tags";

    private final ObjectNode json;

    private Parameter(ObjectNode json) {
        this.json = json;
    }

    static Optional<Parameter> find(Transaction tx, String name) {
        return tx.get(Table.PARAMETERS, name).map(Parameter::new);
    }

    static List<Parameter> all(Transaction tx) {
        return tx.listAll(Table.PARAMETERS).stream().map(Parameter::new).toList();
    }

    /** A new version of the parameter {@code name} (version 1 when {@code previous} is null). */
    static Parameter version(
            Parameter previous,
            String name,
            String type,
            String sealedValue,
            String description,
            String keyId,
            Map<String, String> tags,
            double now) {
        ObjectNode json = previous == null ? Json.mapper().createObjectNode() : previous.json;
        json.put("Name", name)
                .put("Type", type)
                .put("Version", previous == null ? 1 : previous.version() + 1)
                .put("LastModifiedDate", now)
                .put("Tier", "Standard")
                .put("DataType", "text")
                .put(SEALED_VALUE, sealedValue);
        json.putArray("Policies");
        if (description != null) {
            json.put("Description", description);
        }
        if (SECURE_STRING.equals(type)) {
            json.put("KeyId", keyId == null ? json.path("KeyId").asText(DEFAULT_KEY_ID) : keyId);
        } else {
            json.remove("KeyId");
        }
        if (previous == null) {
            ArrayNode list = json.putArray(TAGS);
            tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
        }
        return new Parameter(json);
    }

    String name() {
        return json.path("Name").asText();
    }

    String type() {
        return json.path("Type").asText();
    }

    long version() {
        return json.path("Version").asLong();
    }

    boolean isSecure() {
        return SECURE_STRING.equals(type());
    }

    String sealedValue() {
        return json.path(SEALED_VALUE).asText();
    }

    /** What {@code DescribeParameters} answers of it: everything but the value and the tags. */
    ObjectNode metadata(String arn) {
        ObjectNode out = json.deepCopy();
        out.remove(SEALED_VALUE);
        out.remove(TAGS);
        out.put("ARN", arn);
        return out;
    }

    /** What {@code GetParameter} answers of it, with {@code value} as given. */
    ObjectNode withValue(String value, String arn) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("Name", name())
                .put("Type", type())
                .put("Value", value)
                .put("Version", version())
                .set("LastModifiedDate", json.get("LastModifiedDate"));
        out.put("ARN", arn).put("DataType", "text");
        return out;
    }

    void save(Transaction tx) {
        tx.put(Table.PARAMETERS, name(), "-", null, json);
    }

    /** Not the value, sealed or not: a parameter may end up in a log line. */
    @Override
    public String toString() {
        return "Parameter[" + name() + " " + type() + " v" + version() + "]";
    }
}
