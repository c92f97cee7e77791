package dev.svcconnect.local.engine;

import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.state.OutputState;
import dev.svcconnect.local.state.StackState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The exports of the applied stacks and who imports them: {@code Fn::ImportValue} reads them, and
 * CloudFormation's rules hold (an export name is unique; an export in use can be neither changed
 * nor removed, nor its stack deleted).
 */
final class Exports {

    private final List<StackState> stacks;

    Exports(List<StackState> stacks) {
        this.stacks = List.copyOf(stacks);
    }

    /** Export name to value, of every stack but {@code stackName}. */
    Map<String, String> valuesExceptOf(String stackName) {
        Map<String, String> values = new LinkedHashMap<>();
        for (StackState stack : stacks) {
            if (!stack.stackName().equals(stackName)) {
                stack.outputs().stream()
                        .filter(o -> o.exportName() != null)
                        .forEach(o -> values.put(o.exportName(), o.value()));
            }
        }
        return values;
    }

    /** Fails if {@code outputs} export a name another stack exports, or change an export in use. */
    void check(String stackName, List<OutputState> outputs, StackState previous) {
        Map<String, String> others = valuesExceptOf(stackName);
        for (OutputState output : outputs) {
            if (output.exportName() != null && others.containsKey(output.exportName())) {
                throw new DeployException("Export " + output.exportName() + " is already exported by stack "
                        + exporterOf(output.exportName(), stackName));
            }
        }
        if (previous == null) {
            return;
        }
        for (OutputState old : previous.outputs()) {
            if (old.exportName() == null) {
                continue;
            }
            boolean kept = outputs.stream()
                    .anyMatch(o -> old.exportName().equals(o.exportName()) && Objects.equals(old.value(), o.value()));
            List<String> importers = importersOf(old.exportName(), stackName);
            if (!kept && !importers.isEmpty()) {
                throw new DeployException("Export " + old.exportName() + " cannot be changed or removed: stack "
                        + String.join(", ", importers) + " imports it");
            }
        }
    }

    /** The stacks other than {@code stackName} that import one of {@code stack}'s exports. */
    List<String> importersOf(StackState stack) {
        return stack.outputs().stream()
                .filter(o -> o.exportName() != null)
                .flatMap(o -> importersOf(o.exportName(), stack.stackName()).stream())
                .distinct()
                .toList();
    }

    private List<String> importersOf(String exportName, String stackName) {
        return stacks.stream()
                .filter(s -> !s.stackName().equals(stackName) && s.imports().contains(exportName))
                .map(StackState::stackName)
                .toList();
    }

    private String exporterOf(String exportName, String stackName) {
        return stacks.stream()
                .filter(s -> !s.stackName().equals(stackName))
                .filter(s -> s.outputs().stream().anyMatch(o -> exportName.equals(o.exportName())))
                .map(StackState::stackName)
                .findFirst()
                .orElse("?");
    }
}
