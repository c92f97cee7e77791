package dev.svcconnect.local.engine;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.StackArtifact;
import dev.svcconnect.local.assembly.TemplateResource;
import dev.svcconnect.local.state.ResourceState;
import dev.svcconnect.local.state.StackState;
import dev.svcconnect.local.state.StackStore;
import dev.svcconnect.provider.SvcConnectProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Deploys and destroys the stacks of a cloud assembly on this machine, with the provider's
 * handlers called in-process and the stack records kept by the control plane.
 *
 * <pre>{@code
 * LocalEngine engine = new LocalEngine(provider, new StackStore(endpoint),
 *         Map.of("SvcConnectEndpoint", endpoint.toString()), Duration.ofMinutes(10), new Progress(System.out), ResourceListener.NONE);
 * engine.deploy(CloudAssembly.read(Path.of("cdk.out")).select(List.of()));
 * }</pre>
 */
public final class LocalEngine {

    private final StackStore store;
    private final Map<String, String> parameterOverrides;
    private final ResourceTypes types;
    private final ProviderCalls calls;
    private final Progress progress;
    private final ResourceListener listener;

    /**
     * An engine.
     *
     * @param provider           the handlers, pointed at the control plane
     * @param store              where stack records are kept
     * @param parameterOverrides parameter values that replace the templates' defaults
     * @param resourceTimeout    how long one resource may take to complete
     * @param progress           where progress is printed
     * @param listener           told before a resource is applied and after it is deleted
     */
    public LocalEngine(
            SvcConnectProvider provider,
            StackStore store,
            Map<String, String> parameterOverrides,
            Duration resourceTimeout,
            Progress progress,
            ResourceListener listener) {
        this.store = requireNonNull(store, "store");
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.types = new ResourceTypes(provider.resourceTypes());
        this.calls = new ProviderCalls(provider, resourceTimeout);
        this.progress = requireNonNull(progress, "progress");
        this.listener = requireNonNull(listener, "listener");
    }

    /**
     * Deploys {@code stacks} in the order given (dependencies first), stopping at the first that
     * fails, which is rolled back.
     *
     * @return the new records of the stacks
     * @throws DeployException naming the failing stack, resource and reason
     */
    public List<StackState> deploy(List<StackArtifact> stacks) {
        printSkipped(stacks);
        List<StackState> deployed = new ArrayList<>();
        for (StackArtifact stack : stacks) {
            listener.publish(stack.fileAssets().stream()
                    .map(asset -> asset.in(StackScope.ACCOUNT_ID, StackScope.REGION))
                    .toList());
            StackState previous = store.get(stack.stackName()).orElse(null);
            StackState state = new StackDeployment(
                            stack,
                            previous,
                            parameterOverrides,
                            new Exports(store.list()),
                            types,
                            calls,
                            progress,
                            listener)
                    .deploy();
            store.put(state);
            deployed.add(state);
        }
        return deployed;
    }

    /**
     * Deletes the named stacks (every applied stack when empty), each after the stacks that import
     * its exports, resources in the reverse of the order they were applied; returns once the
     * listener says that what they ran on this machine is gone ({@link ResourceListener#afterDestroy()}).
     *
     * @return the names of the stacks deleted
     * @throws DeployException when a stack is unknown, a stack outside the set imports from one
     *                         inside, or a resource fails to delete (the record keeps what is left)
     */
    public List<String> destroy(Collection<String> stackNames) {
        List<StackState> all = store.list();
        List<StackState> remaining = new ArrayList<>(
                stackNames.isEmpty()
                        ? all
                        : stackNames.stream()
                                .map(name -> all.stream()
                                        .filter(s -> s.stackName().equals(name))
                                        .findFirst()
                                        .orElseThrow(() ->
                                                new DeployException("No deployed stack named '" + name + "' (deployed: "
                                                        + (all.isEmpty()
                                                                ? "none"
                                                                : all.stream()
                                                                        .map(StackState::stackName)
                                                                        .collect(Collectors.joining(", ")))
                                                        + ")")))
                                .distinct()
                                .toList());
        List<String> deleted = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Exports exports = new Exports(store.list());
            StackState next = remaining.stream()
                    .filter(s -> exports.importersOf(s).isEmpty())
                    .findFirst()
                    .orElseThrow(() -> new DeployException(
                            "Cannot delete " + remaining.get(0).stackName()
                                    + ": stack " + String.join(", ", exports.importersOf(remaining.get(0)))
                                    + " imports its exports; delete that stack too, or first"));
            delete(next);
            remaining.remove(next);
            deleted.add(next.stackName());
        }
        listener.afterDestroy();
        return deleted;
    }

    private void delete(StackState stack) {
        List<ResourceState> left = new ArrayList<>(stack.resources());
        progress.stack(stack.stackName(), "destroying", (int)
                left.stream().filter(r -> !r.skipped()).count());
        for (int i = left.size() - 1; i >= 0; i--) {
            ResourceState resource = left.get(i);
            if (resource.skipped()) {
                left.remove(i);
                continue;
            }
            progress.event("DELETE_IN_PROGRESS", resource.type(), resource.logicalId(), null);
            try {
                calls.apply(
                        "Delete",
                        stack.stackName(),
                        resource.type(),
                        resource.logicalId(),
                        resource.physicalId(),
                        resource.properties(),
                        null);
                listener.afterDelete(resource.logicalId(), resource.type(), resource.properties());
            } catch (ResourceFailure e) {
                progress.event("DELETE_FAILED", resource.type(), resource.logicalId(), e.getMessage());
                store.put(new StackState(
                        stack.stackName(),
                        stack.parameters(),
                        left,
                        stack.outputs(),
                        stack.imports(),
                        Instant.now().toString()));
                throw new DeployException(
                        "Stack " + stack.stackName() + ": resource " + resource.logicalId() + " ("
                                + resource.type() + ") could not be deleted: " + e.getMessage()
                                + "; the stack keeps its remaining resources, run destroy again",
                        e);
            }
            left.remove(i);
            progress.event("DELETE_COMPLETE", resource.type(), resource.logicalId(), null);
        }
        store.delete(stack.stackName());
        progress.line(" ✅  " + stack.stackName() + ": destroyed");
    }

    private void printSkipped(List<StackArtifact> stacks) {
        Map<String, Integer> skipped = new TreeMap<>();
        List<String> rules = new ArrayList<>();
        for (StackArtifact stack : stacks) {
            for (TemplateResource resource : stack.template().resources().values()) {
                if (types.skips(resource.type())) {
                    skipped.merge(resource.type(), 1, Integer::sum);
                }
            }
            stack.template().rules().forEach(rule -> rules.add(stack.stackName() + "." + rule));
        }
        if (!skipped.isEmpty() || !rules.isEmpty()) {
            progress.line("Skipped, as they only mean something on AWS: "
                    + skipped.entrySet().stream()
                            .map(e -> e.getValue() + " x " + e.getKey())
                            .collect(Collectors.joining(", "))
                    + (rules.isEmpty() ? "" : (skipped.isEmpty() ? "" : "; ") + "rules " + String.join(", ", rules)));
        }
    }
}
