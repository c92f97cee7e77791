package dev.svcconnect.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One entry of a template's {@code Outputs}.
 *
 * @param name       the output's name
 * @param value      its {@code Value}, unresolved
 * @param exportName its {@code Export.Name}, unresolved, or null
 * @param condition  its {@code Condition}, or null
 */
public record TemplateOutput(String name, JsonNode value, JsonNode exportName, String condition) {

    public TemplateOutput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
