package dev.svcconnect.local.intrinsics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves template values: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Sub},
 * {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If}, {@code Fn::ImportValue},
 * {@code Fn::Base64}, {@code Fn::FindInMap}, and the condition functions ({@code Fn::Equals}, {@code Fn::And},
 * {@code Fn::Or}, {@code Fn::Not}, {@code Condition}) over the template's {@code Conditions}.
 * A value that resolves to {@code AWS::NoValue} is left out of its object or list, as
 * CloudFormation does.
 *
 * <pre>{@code
 * JsonNode properties = new Intrinsics(scope, template.conditions(), template.mappings())
 *         .resolve(resource.properties());
 * }</pre>
 */
public final class Intrinsics {

    /** The pseudo parameter that removes the property it is the value of. */
    public static final String NO_VALUE = "AWS::NoValue";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Scope scope;
    private final Map<String, JsonNode> conditions;
    private final Map<String, JsonNode> mappings;
    private final Map<String, Boolean> evaluated = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    /** Resolves against {@code scope}, with the template's {@code conditions} and {@code mappings}. */
    public Intrinsics(Scope scope, Map<String, JsonNode> conditions, Map<String, JsonNode> mappings) {
        this.scope = requireNonNull(scope, "scope");
        this.conditions = Map.copyOf(conditions);
        this.mappings = Map.copyOf(mappings);
    }

    /** {@code value} with every intrinsic function replaced by its result; null for {@code AWS::NoValue}. */
    public JsonNode resolve(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isArray()) {
            ArrayNode resolved = NODES.arrayNode();
            for (JsonNode element : value) {
                JsonNode item = resolve(element);
                if (item != null) {
                    resolved.add(item);
                }
            }
            return resolved;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1) {
            String key = value.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return function(key, value.get(key));
            }
        }
        ObjectNode resolved = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode item = resolve(field.getValue());
            if (item != null) {
                resolved.set(field.getKey(), item);
            }
        }
        return resolved;
    }

    /** The value of the template's condition {@code name}. */
    public boolean condition(String name) {
        Boolean known = evaluated.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = conditions.get(name);
        if (definition == null) {
            throw new IntrinsicException("Condition '" + name + "' is not defined in Conditions"
                    + (conditions.isEmpty() ? "" : " (defined: " + String.join(", ", conditions.keySet()) + ")"));
        }
        if (!evaluating.add(name)) {
            throw new IntrinsicException("Condition '" + name + "' refers to itself");
        }
        boolean value = bool(resolve(definition), "Conditions." + name);
        evaluating.remove(name);
        evaluated.put(name, value);
        return value;
    }

    private JsonNode function(String name, JsonNode argument) {
        switch (name) {
            case "Ref":
                return ref(text(argument, "Ref"));
            case "Fn::GetAtt":
                return getAtt(argument);
            case "Fn::Join":
                return join(argument);
            case "Fn::Sub":
                return sub(argument);
            case "Fn::Select":
                return select(argument);
            case "Fn::Split":
                return split(argument);
            case "Fn::If":
                return ifThen(argument);
            case "Fn::ImportValue":
                return TextNode.valueOf(scope.importValue(text(resolve(argument), "Fn::ImportValue")));
            case "Fn::FindInMap":
                return findInMap(argument);
            case "Fn::Base64":
                return TextNode.valueOf(Base64.getEncoder()
                        .encodeToString(text(resolve(argument), "Fn::Base64").getBytes(StandardCharsets.UTF_8)));
            case "Fn::Equals":
                ArrayNode pair = list(argument, "Fn::Equals", 2);
                return NODES.booleanNode(scalar(resolve(pair.get(0))).equals(scalar(resolve(pair.get(1)))));
            case "Fn::And":
            case "Fn::Or":
                return andOr(name, argument);
            case "Fn::Not":
                return NODES.booleanNode(
                        !bool(resolve(list(argument, "Fn::Not", 1).get(0)), "Fn::Not"));
            default:
                throw new IntrinsicException(name + " is not supported by svc-connect deploy (supported: Ref, "
                        + "Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If, Fn::ImportValue, Fn::Base64, Fn::FindInMap, "
                        + "Fn::Equals, Fn::And, Fn::Or, Fn::Not)");
        }
    }

    private JsonNode ref(String name) {
        if (name.equals(NO_VALUE)) {
            return null;
        }
        JsonNode parameter = scope.parameter(name);
        if (parameter != null) {
            return parameter;
        }
        if (scope.isResource(name)) {
            return TextNode.valueOf(scope.physicalId(name));
        }
        throw new IntrinsicException(
                "Ref: '" + name + "' is neither a parameter, a pseudo parameter nor a resource" + " of the template");
    }

    private JsonNode getAtt(JsonNode argument) {
        String resource;
        String attribute;
        if (argument.isTextual() && argument.asText().contains(".")) {
            resource = argument.asText().substring(0, argument.asText().indexOf('.'));
            attribute = argument.asText().substring(argument.asText().indexOf('.') + 1);
        } else {
            ArrayNode pair = list(argument, "Fn::GetAtt", 2);
            resource = text(pair.get(0), "Fn::GetAtt");
            attribute = text(resolve(pair.get(1)), "Fn::GetAtt");
        }
        if (!scope.isResource(resource)) {
            throw new IntrinsicException("Fn::GetAtt: '" + resource + "' is not a resource of the template");
        }
        return scope.attribute(resource, attribute);
    }

    private JsonNode join(JsonNode argument) {
        ArrayNode pair = list(argument, "Fn::Join", 2);
        String delimiter = text(pair.get(0), "Fn::Join");
        JsonNode items = resolve(pair.get(1));
        if (!items.isArray()) {
            throw new IntrinsicException("Fn::Join: the second argument must be a list, got " + items);
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            joined.append(i == 0 ? "" : delimiter).append(scalar(items.get(i)));
        }
        return TextNode.valueOf(joined.toString());
    }

    private JsonNode sub(JsonNode argument) {
        String template;
        Map<String, JsonNode> variables = new HashMap<>();
        if (argument.isTextual()) {
            template = argument.asText();
        } else {
            ArrayNode pair = list(argument, "Fn::Sub", 2);
            template = text(pair.get(0), "Fn::Sub");
            if (!pair.get(1).isObject()) {
                throw new IntrinsicException("Fn::Sub: the second argument must be an object of variables");
            }
            pair.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), resolve(e.getValue())));
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + matcher.group(2) + "}";
            } else {
                String variable = matcher.group(2).trim();
                JsonNode value = variables.get(variable);
                if (value == null
                        && variable.contains(".")
                        && scope.isResource(variable.substring(0, variable.indexOf('.')))) {
                    value = scope.attribute(
                            variable.substring(0, variable.indexOf('.')),
                            variable.substring(variable.indexOf('.') + 1));
                } else if (value == null) {
                    value = ref(variable);
                }
                replacement = scalar(value);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return TextNode.valueOf(result.toString());
    }

    private JsonNode select(JsonNode argument) {
        ArrayNode pair = list(argument, "Fn::Select", 2);
        String indexText = scalar(resolve(pair.get(0)));
        JsonNode items = resolve(pair.get(1));
        int index;
        try {
            index = Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            throw new IntrinsicException("Fn::Select: index '" + indexText + "' is not a whole number");
        }
        if (!items.isArray() || index < 0 || index >= items.size()) {
            throw new IntrinsicException("Fn::Select: index " + index + " is outside the list " + items
                    + (items.isArray() ? " (expected: 0-" + (items.size() - 1) + ")" : ""));
        }
        return items.get(index);
    }

    private JsonNode split(JsonNode argument) {
        ArrayNode pair = list(argument, "Fn::Split", 2);
        String delimiter = text(pair.get(0), "Fn::Split");
        if (delimiter.isEmpty()) {
            throw new IntrinsicException("Fn::Split: the delimiter must not be empty");
        }
        String source = text(resolve(pair.get(1)), "Fn::Split");
        ArrayNode parts = NODES.arrayNode();
        for (String part : source.split(Pattern.quote(delimiter), -1)) {
            parts.add(part);
        }
        return parts;
    }

    private JsonNode findInMap(JsonNode argument) {
        ArrayNode keys = list(argument, "Fn::FindInMap", 3);
        String map = text(resolve(keys.get(0)), "Fn::FindInMap");
        String top = text(resolve(keys.get(1)), "Fn::FindInMap");
        String second = text(resolve(keys.get(2)), "Fn::FindInMap");
        JsonNode value = mappings.containsKey(map) ? mappings.get(map).path(top).get(second) : null;
        if (value == null) {
            throw new IntrinsicException("Fn::FindInMap: Mappings has no " + map + "." + top + "." + second);
        }
        return value;
    }

    private JsonNode ifThen(JsonNode argument) {
        ArrayNode triple = list(argument, "Fn::If", 3);
        return resolve(condition(text(triple.get(0), "Fn::If")) ? triple.get(1) : triple.get(2));
    }

    private JsonNode andOr(String name, JsonNode argument) {
        if (!argument.isArray() || argument.size() < 2 || argument.size() > 10) {
            throw new IntrinsicException(name + ": expects a list of 2 to 10 conditions, got " + argument);
        }
        boolean and = name.equals("Fn::And");
        for (JsonNode element : argument) {
            JsonNode value = element.isObject() && element.has("Condition") && element.size() == 1
                    ? NODES.booleanNode(condition(text(element.get("Condition"), "Condition")))
                    : resolve(element);
            if (bool(value, name) != and) {
                return NODES.booleanNode(!and);
            }
        }
        return NODES.booleanNode(and);
    }

    private boolean bool(JsonNode value, String where) {
        if (value != null && value.isObject() && value.size() == 1 && value.has("Condition")) {
            return condition(value.get("Condition").asText());
        }
        if (value != null && (value.isBoolean() || "true".equals(value.asText()) || "false".equals(value.asText()))) {
            return value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
        }
        throw new IntrinsicException(where + ": expected a condition (true or false), got " + value);
    }

    private static ArrayNode list(JsonNode argument, String function, int size) {
        if (!(argument instanceof ArrayNode array) || array.size() != size) {
            throw new IntrinsicException(function + ": expects a list of " + size + ", got " + argument);
        }
        return array;
    }

    private static String text(JsonNode value, String function) {
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
            throw new IntrinsicException(function + ": expected a string, got " + value);
        }
        return value.asText();
    }

    private static String scalar(JsonNode value) {
        if (value == null || value.isContainerNode()) {
            throw new IntrinsicException("expected a string, got " + (value == null ? "AWS::NoValue" : value));
        }
        return value.asText();
    }
}
