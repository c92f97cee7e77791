package dev.svcconnect.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a template's {@code Resources}.
 *
 * @param logicalId  its logical id
 * @param type       its {@code Type}
 * @param properties its {@code Properties} (an empty object when absent), unresolved
 * @param dependsOn  its {@code DependsOn}
 * @param condition  its {@code Condition}, or null
 */
public record TemplateResource(
        String logicalId, String type, JsonNode properties, List<String> dependsOn, String condition) {

    public TemplateResource {
        Objects.requireNonNull(logicalId, "logicalId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(properties, "properties");
        dependsOn = List.copyOf(dependsOn);
    }
}
