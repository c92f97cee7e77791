package dev.svcconnect.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.StackArtifact;
import dev.svcconnect.local.assembly.StackTemplate;
import dev.svcconnect.local.assembly.TemplateOutput;
import dev.svcconnect.local.assembly.TemplateResource;
import dev.svcconnect.local.intrinsics.IntrinsicException;
import dev.svcconnect.local.intrinsics.Intrinsics;
import dev.svcconnect.local.intrinsics.References;
import dev.svcconnect.local.state.OutputState;
import dev.svcconnect.local.state.ResourceState;
import dev.svcconnect.local.state.StackState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One deploy of one stack: resolves its template against its last record, applies the
 * differences in dependency order (create, update, replace), then deletes what was removed or
 * replaced; if a resource fails, undoes what this deploy did, newest first, and fails.
 */
final class StackDeployment {

    private enum Kind {
        CREATE,
        UPDATE,
        REPLACE
    }

    /** A change this deploy made, which a rollback undoes. */
    private record Change(Kind kind, ResourceState now, ResourceState before) {}

    private final StackArtifact stack;
    private final StackTemplate template;
    private final StackState previous;
    private final Map<String, String> parameterOverrides;
    private final Exports exports;
    private final ResourceTypes types;
    private final ProviderCalls calls;
    private final Progress progress;
    private final ResourceListener listener;
    private final List<Change> changes = new ArrayList<>();

    StackDeployment(
            StackArtifact stack,
            StackState previous,
            Map<String, String> parameterOverrides,
            Exports exports,
            ResourceTypes types,
            ProviderCalls calls,
            Progress progress,
            ResourceListener listener) {
        this.stack = stack;
        this.template = stack.template();
        this.previous = previous;
        this.parameterOverrides = parameterOverrides;
        this.exports = exports;
        this.types = types;
        this.calls = calls;
        this.progress = progress;
        this.listener = listener;
    }

    /** Applies the stack; answers its new record, or throws after rolling back. */
    StackState deploy() {
        String name = stack.stackName();
        Map<String, JsonNode> parameters = parameters();
        Map<String, ResourceState> applied = new LinkedHashMap<>();
        Set<String> included = new LinkedHashSet<>();
        StackScope scope = new StackScope(name, parameters, included, applied, exports.valuesExceptOf(name));
        Intrinsics intrinsics = new Intrinsics(scope, template.conditions(), template.mappings());
        List<TemplateResource> ordered;
        try {
            for (TemplateResource resource : template.resources().values()) {
                if (resource.condition() == null || intrinsics.condition(resource.condition())) {
                    included.add(resource.logicalId());
                }
            }
            ordered = order(included);
        } catch (IntrinsicException e) {
            throw new DeployException("Stack " + name + ": " + e.getMessage());
        }
        for (TemplateResource resource : ordered) {
            if (!types.applies(resource.type()) && !types.skips(resource.type())) {
                throw new DeployException(types.unknown(name, resource.logicalId(), resource.type()));
            }
        }
        long appliedCount =
                ordered.stream().filter(r -> types.applies(r.type())).count();
        List<ResourceState> removed = removed(included);
        progress.stack(
                name, previous == null ? "creating stack" : "updating stack", (int) appliedCount + removed.size());
        List<OutputState> outputs;
        try {
            for (TemplateResource resource : ordered) {
                applied.put(resource.logicalId(), apply(resource, intrinsics, dependencies(resource, included)));
            }
            outputs = outputs(intrinsics);
            exports.check(name, outputs, previous);
        } catch (ResourceFailure | IntrinsicException | DeployException e) {
            String reason = e.getMessage();
            rollBack();
            throw new DeployException(
                    "Stack " + name + " failed and was rolled back"
                            + (previous == null ? " (nothing of it is left)" : " to its previous state") + ": "
                            + reason,
                    e);
        }
        cleanUp(applied);
        StackState state = new StackState(
                name,
                strings(parameters),
                List.copyOf(applied.values()),
                outputs,
                List.copyOf(scope.imports()),
                Instant.now().toString());
        boolean unchanged = changes.isEmpty()
                && removed.isEmpty()
                && previous != null
                && previous.outputs().equals(outputs);
        progress.done(name, unchanged);
        printOutputs(outputs);
        return state;
    }

    /**
     * {@code properties} without the top-level ones that are a {@code Ref} or {@code Fn::GetAtt} of a
     * skipped AWS-only resource (such as a host fleet's {@code JoinTokenSecret}): that resource does
     * not exist here, and the local engine does what it stood for itself.
     */
    private JsonNode withoutAwsOnlyReferences(JsonNode properties) {
        if (!properties.isObject()) {
            return properties;
        }
        ObjectNode kept = ((ObjectNode) properties).deepCopy();
        properties.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            String target = value.path("Ref").isTextual()
                    ? value.get("Ref").asText()
                    : value.path("Fn::GetAtt").path(0).asText(null);
            TemplateResource referred =
                    target == null ? null : template.resources().get(target);
            if (referred != null && types.skips(referred.type())) {
                kept.remove(field.getKey());
            }
        });
        return kept;
    }

    private ResourceState apply(TemplateResource resource, Intrinsics intrinsics, List<String> dependencies) {
        String id = resource.logicalId();
        String type = resource.type();
        if (types.skips(type)) {
            return new ResourceState(id, type, id, JsonNodeFactory.instance.objectNode(), Map.of(), dependencies, true);
        }
        ResourceState before = previous == null ? null : previous.resource(id);
        if (before != null && (before.skipped() || !before.type().equals(type))) {
            before = null;
        }
        JsonNode properties;
        try {
            properties = intrinsics.resolve(withoutAwsOnlyReferences(resource.properties()));
        } catch (IntrinsicException e) {
            progress.event(before == null ? "CREATE_FAILED" : "UPDATE_FAILED", type, id, e.getMessage());
            throw new IntrinsicException("resource " + id + " (" + type + "): " + e.getMessage());
        }
        if (before != null && before.properties().equals(properties)) {
            return new ResourceState(
                    id, type, before.physicalId(), before.properties(), before.data(), dependencies, false);
        }
        String action = before == null ? "CREATE" : "UPDATE";
        progress.event(action + "_IN_PROGRESS", type, id, null);
        ProviderCalls.Answer answer;
        try {
            listener.beforeApply(id, type, properties);
            answer = before == null
                    ? calls.apply("Create", stack.stackName(), type, id, null, properties, null)
                    : calls.apply(
                            "Update",
                            stack.stackName(),
                            type,
                            id,
                            before.physicalId(),
                            properties,
                            before.properties());
        } catch (ResourceFailure e) {
            progress.event(action + "_FAILED", type, id, e.getMessage());
            if (e.physicalId() != null) {
                ResourceState partial =
                        new ResourceState(id, type, e.physicalId(), properties, Map.of(), dependencies, false);
                changes.add(new Change(kind(before, e.physicalId()), partial, before));
            }
            throw new ResourceFailure(
                    "resource " + id + " (" + type + "): " + withoutResourceName(e.getMessage(), type, id), null, e);
        }
        ResourceState now =
                new ResourceState(id, type, answer.physicalId(), properties, answer.data(), dependencies, false);
        Kind kind = kind(before, answer.physicalId());
        changes.add(new Change(kind, now, before));
        progress.event(
                action + "_COMPLETE", type, id, kind == Kind.REPLACE ? "(replaced " + before.physicalId() + ")" : null);
        return now;
    }

    private static Kind kind(ResourceState before, String physicalId) {
        if (before == null) {
            return Kind.CREATE;
        }
        return before.physicalId().equals(physicalId) ? Kind.UPDATE : Kind.REPLACE;
    }

    /** Undoes this deploy's changes, newest first; a step that fails is reported and the rest go on. */
    private void rollBack() {
        if (changes.isEmpty()) {
            return;
        }
        progress.line(
                stack.stackName() + ": " + (previous == null ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS"));
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change change = changes.get(i);
            ResourceState now = change.now();
            if (change.kind() == Kind.UPDATE) {
                call("UPDATE", "Update", now, change.before().properties(), now.properties());
            } else {
                call("DELETE", "Delete", now, now.properties(), null);
            }
        }
        progress.line(stack.stackName() + ": " + (previous == null ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE"));
    }

    /** Deletes the resources that were removed from the template and the old ones of replacements. */
    private void cleanUp(Map<String, ResourceState> applied) {
        if (previous == null) {
            return;
        }
        List<ResourceState> old = new ArrayList<>(previous.resources());
        for (int i = old.size() - 1; i >= 0; i--) {
            ResourceState before = old.get(i);
            ResourceState now = applied.get(before.logicalId());
            boolean gone = now == null
                    || now.skipped()
                    || !now.type().equals(before.type())
                    || !now.physicalId().equals(before.physicalId());
            if (!before.skipped() && gone) {
                call("DELETE", "Delete", before, before.properties(), null);
            }
        }
    }

    private void call(
            String status, String requestType, ResourceState resource, JsonNode properties, JsonNode oldProperties) {
        progress.event(status + "_IN_PROGRESS", resource.type(), resource.logicalId(), null);
        try {
            if (oldProperties != null) {
                listener.beforeApply(resource.logicalId(), resource.type(), properties);
            }
            calls.apply(
                    requestType,
                    stack.stackName(),
                    resource.type(),
                    resource.logicalId(),
                    resource.physicalId(),
                    properties,
                    oldProperties);
            if (oldProperties == null) {
                listener.afterDelete(resource.logicalId(), resource.type(), properties);
            }
            progress.event(status + "_COMPLETE", resource.type(), resource.logicalId(), null);
        } catch (ResourceFailure e) {
            progress.event(status + "_FAILED", resource.type(), resource.logicalId(), e.getMessage());
        }
    }

    private List<ResourceState> removed(Set<String> included) {
        if (previous == null) {
            return List.of();
        }
        return previous.resources().stream()
                .filter(r -> !r.skipped() && !included.contains(r.logicalId()))
                .toList();
    }

    private Map<String, JsonNode> parameters() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        template.parameters().forEach((name, declaration) -> {
            String override = parameterOverrides.get(name);
            JsonNode value = override != null ? TextNode.valueOf(override) : declaration.get("Default");
            if (value == null) {
                throw new DeployException("Stack " + stack.stackName() + ": parameter " + name
                        + " has no Default; give it a value with --parameters " + name + "=VALUE");
            }
            if ("CommaDelimitedList".equals(declaration.path("Type").asText())) {
                var list = JsonNodeFactory.instance.arrayNode();
                for (String item : value.asText().split(",", -1)) {
                    list.add(item.trim());
                }
                value = list;
            }
            values.put(name, value);
        });
        return values;
    }

    private List<String> dependencies(TemplateResource resource, Set<String> included) {
        Set<String> dependencies = new LinkedHashSet<>();
        for (String dependsOn : resource.dependsOn()) {
            if (!template.resources().containsKey(dependsOn)) {
                throw new DeployException("Stack " + stack.stackName() + ": resource " + resource.logicalId()
                        + " DependsOn '" + dependsOn + "', which is not a resource of the template");
            }
            if (included.contains(dependsOn)) {
                dependencies.add(dependsOn);
            }
        }
        for (String name : References.in(resource.properties())) {
            if (template.resources().containsKey(name)) {
                dependencies.add(name);
            }
        }
        return List.copyOf(dependencies);
    }

    /** The included resources, each after those it depends on, otherwise in template order. */
    private List<TemplateResource> order(Set<String> included) {
        Map<String, TemplateResource> ordered = new LinkedHashMap<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : included) {
            visit(id, included, ordered, visiting);
        }
        return List.copyOf(ordered.values());
    }

    private void visit(String id, Set<String> included, Map<String, TemplateResource> ordered, Set<String> visiting) {
        if (ordered.containsKey(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new DeployException("Stack " + stack.stackName() + ": circular dependency between resources: "
                    + String.join(" -> ", visiting) + " -> " + id);
        }
        TemplateResource resource = template.resources().get(id);
        for (String dependency : dependencies(resource, included)) {
            if (!included.contains(dependency)) {
                throw new DeployException("Stack " + stack.stackName() + ": resource " + id + " refers to " + dependency
                        + ", which its Condition leaves out");
            }
            visit(dependency, included, ordered, visiting);
        }
        visiting.remove(id);
        ordered.put(id, resource);
    }

    private List<OutputState> outputs(Intrinsics intrinsics) {
        List<OutputState> outputs = new ArrayList<>();
        for (TemplateOutput output : template.outputs().values()) {
            if (output.condition() != null && !intrinsics.condition(output.condition())) {
                continue;
            }
            try {
                JsonNode value = intrinsics.resolve(output.value());
                JsonNode export = output.exportName() == null ? null : intrinsics.resolve(output.exportName());
                outputs.add(new OutputState(
                        output.name(),
                        value == null ? "" : value.isTextual() ? value.asText() : value.toString(),
                        export == null ? null : export.asText()));
            } catch (IntrinsicException e) {
                throw new IntrinsicException("output " + output.name() + ": " + e.getMessage());
            }
        }
        return outputs;
    }

    private void printOutputs(List<OutputState> outputs) {
        if (outputs.isEmpty()) {
            return;
        }
        progress.line("Outputs:");
        for (OutputState output : outputs) {
            progress.line(stack.stackName() + "." + output.name() + " = " + output.value());
        }
    }

    private static Map<String, String> strings(Map<String, JsonNode> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((k, v) -> values.put(k, v.isTextual() ? v.asText() : v.toString()));
        return values;
    }

    /**
     * The provider names the resource at the start of its reasons ({@code Custom::X 'Id': ...}); the
     * engine names it already, so a failure reads {@code resource Id (Custom::X): ...} once.
     */
    static String withoutResourceName(String reason, String type, String id) {
        String name = type + " '" + id + "': ";
        return reason != null && reason.startsWith(name) ? reason.substring(name.length()) : reason;
    }
}
