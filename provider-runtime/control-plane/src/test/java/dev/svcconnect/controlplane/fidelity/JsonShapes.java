package dev.svcconnect.controlplane.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares the shapes of two JSON answers to the same call: the field names present on each side
 * and the JSON type of each value, recursively. Values are not compared (ARNs, ids and times
 * differ by nature), except an error's {@code __type}, which is part of the API's contract.
 * The elements of an array are compared as one merged element (the union of their fields), so
 * lists of different lengths still compare by what their elements look like.
 */
final class JsonShapes {

    private JsonShapes() {}

    /** One difference at {@code path}: what each side has there (a JSON type, or {@code absent}). */
    record Difference(String step, String path, String aws, String ours) {

        Difference {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(path, "path");
        }

        /** The key of the reviewed list of allowed differences: {@code STEP PATH}. */
        String key() {
            return step + " " + path;
        }

        @Override
        public String toString() {
            return key() + ": aws " + aws + ", ours " + ours;
        }
    }

    /** The differences between moto's ({@code aws}) and our answer of {@code step}. */
    static List<Difference> compare(String step, JsonNode aws, JsonNode ours) {
        List<Difference> differences = new ArrayList<>();
        compare(step, "", aws, ours, differences);
        return differences;
    }

    private static void compare(String step, String path, JsonNode aws, JsonNode ours, List<Difference> out) {
        String awsType = type(aws);
        String ourType = type(ours);
        if (!awsType.equals(ourType)) {
            // null and absent both mean "no value" on the wire; an SDK reads them the same.
            if (!(isNothing(aws) && isNothing(ours))) {
                out.add(new Difference(step, path.isEmpty() ? "." : path, awsType, ourType));
            }
            return;
        }
        if (aws.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            aws.fieldNames().forEachRemaining(names::add);
            ours.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = path.isEmpty() ? name : path + "." + name;
                if (name.equals("__type")
                        && !aws.path(name).asText().equals(ours.path(name).asText())) {
                    out.add(new Difference(
                            step,
                            child,
                            aws.path(name).asText(),
                            ours.path(name).asText()));
                    continue;
                }
                compare(step, child, aws.get(name), ours.get(name), out);
            }
        } else if (aws.isArray() && !aws.isEmpty() && !ours.isEmpty()) {
            compare(step, path + "[]", merged(aws), merged(ours), out);
        }
    }

    /** The union of an array's elements: for objects, every field seen with its first value. */
    private static JsonNode merged(JsonNode array) {
        JsonNode first = array.get(0);
        if (!first.isObject()) {
            return first;
        }
        ObjectNode union = JsonNodeFactory.instance.objectNode();
        for (JsonNode element : array) {
            Iterator<Map.Entry<String, JsonNode>> fields = element.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode known = union.get(field.getKey());
                if (known == null || known.isNull() || (known.isArray() && known.isEmpty())) {
                    union.set(field.getKey(), field.getValue());
                }
            }
        }
        return union;
    }

    private static boolean isNothing(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String type(JsonNode node) {
        if (isNothing(node)) {
            return node != null && node.isNull() ? "null" : "absent";
        }
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return "string";
    }
}
