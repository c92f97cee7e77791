package dev.svcconnect.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CloudFormation template: its parameters, conditions, resources (in template order) and outputs.
 * {@code Rules}, which only CloudFormation checks, are kept as names; a {@code Transform} is refused.
 *
 * @param parameters the {@code Parameters} by name: each the parameter's declaration
 * @param conditions the {@code Conditions} by name: each an unresolved condition
 * @param mappings   the {@code Mappings} by name, which {@code Fn::FindInMap} reads
 * @param resources  the {@code Resources} by logical id, in template order
 * @param outputs    the {@code Outputs} by name, in template order
 * @param rules      the names of the {@code Rules}, which only CloudFormation checks
 */
public record StackTemplate(
        Map<String, JsonNode> parameters,
        Map<String, JsonNode> conditions,
        Map<String, JsonNode> mappings,
        Map<String, TemplateResource> resources,
        Map<String, TemplateOutput> outputs,
        List<String> rules) {

    public StackTemplate {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
        mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        rules = List.copyOf(rules);
    }

    /** Reads a template file. */
    public static StackTemplate read(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DeployException("cannot read the template " + file + ": " + e.getMessage(), e);
        }
        return parse(root, file.toString());
    }

    /** Reads a parsed template; {@code source} names it in messages. */
    public static StackTemplate parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new DeployException(source + ": a template must be a JSON object");
        }
        if (root.has("Transform")) {
            throw new DeployException(source + ": Transform is not supported by svc-connect deploy");
        }
        Map<String, TemplateResource> resources = new LinkedHashMap<>();
        section(root, "Resources", source).forEach((id, body) -> resources.put(id, resource(id, body, source)));
        if (resources.isEmpty()) {
            throw new DeployException(source + ": Resources: a template needs at least one resource");
        }
        Map<String, TemplateOutput> outputs = new LinkedHashMap<>();
        section(root, "Outputs", source).forEach((name, body) -> {
            if (!body.has("Value")) {
                throw new DeployException(source + ": Outputs." + name + ": Value is required");
            }
            JsonNode export = body.path("Export").get("Name");
            outputs.put(name, new TemplateOutput(name, body.get("Value"), export, text(body.get("Condition"))));
        });
        return new StackTemplate(
                section(root, "Parameters", source),
                section(root, "Conditions", source),
                section(root, "Mappings", source),
                resources,
                outputs,
                new ArrayList<>(section(root, "Rules", source).keySet()));
    }

    private static TemplateResource resource(String id, JsonNode body, String source) {
        String where = source + ": Resources." + id;
        if (!body.path("Type").isTextual()) {
            throw new DeployException(where + ": Type is required");
        }
        JsonNode properties = body.get("Properties");
        if (properties != null && !properties.isObject()) {
            throw new DeployException(where + ": Properties must be an object");
        }
        List<String> dependsOn = new ArrayList<>();
        JsonNode depends = body.get("DependsOn");
        if (depends != null && depends.isTextual()) {
            dependsOn.add(depends.asText());
        } else if (depends != null && depends.isArray()) {
            depends.forEach(d -> dependsOn.add(d.asText()));
        } else if (depends != null) {
            throw new DeployException(where + ": DependsOn must be a logical id or a list of them");
        }
        return new TemplateResource(
                id,
                body.get("Type").asText(),
                properties == null ? Json.mapper().createObjectNode() : properties,
                dependsOn,
                text(body.get("Condition")));
    }

    private static Map<String, JsonNode> section(JsonNode root, String name, String source) {
        JsonNode section = root.get(name);
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        if (section == null) {
            return entries;
        }
        if (!(section instanceof ObjectNode object)) {
            throw new DeployException(source + ": " + name + " must be an object");
        }
        object.fields().forEachRemaining(e -> {
            if (!e.getValue().isObject() && !name.equals("Conditions")) {
                throw new DeployException(source + ": " + name + "." + e.getKey() + " must be an object");
            }
            entries.put(e.getKey(), e.getValue());
        });
        return entries;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
