package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.store.Store;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The namespace operations ({@code CreateHttpNamespace}, {@code GetNamespace}, {@code
 * ListNamespaces}, {@code UpdateHttpNamespace}, {@code DeleteNamespace}).
 */
final class NamespaceOperations {

    private static final Pattern NAMESPACE_NAME = Pattern.compile("[!-~]{1,1024}");
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_REQUEST_ID = 64;
    private static final List<String> FILTER_NAMES = List.of("TYPE", "NAME", "HTTP_NAME", "RESOURCE_OWNER");

    private final Store store;
    private final CloudMap cloudMap;

    NamespaceOperations(Store store, CloudMap cloudMap) {
        this.store = requireNonNull(store, "store");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    void addTo(Map<String, Operation> operations) {
        operations.put("CreateHttpNamespace", this::createHttpNamespace);
        operations.put("GetNamespace", this::getNamespace);
        operations.put("ListNamespaces", this::listNamespaces);
        operations.put("UpdateHttpNamespace", this::updateHttpNamespace);
        operations.put("DeleteNamespace", this::deleteNamespace);
    }

    private ObjectNode createHttpNamespace(Params request) {
        String name = request.requiredString("Name");
        if (!NAMESPACE_NAME.matcher(name).matches()) {
            throw request.invalid(
                    "Name", "'" + name + "' (expected: 1-1024 printable ASCII characters without spaces)");
        }
        Map<String, String> tags = TagRules.withinLimit(name, TagRules.tags(request));
        return Answers.operationId(store.write(tx -> {
            String operationId = cloudMap.createHttpNamespace(
                    tx, request.region(), name, request.string("Description"), request.string("CreatorRequestId"));
            Namespace.named(tx, request.region(), name).orElseThrow().tags(tags).save(tx);
            return operationId;
        }));
    }

    private ObjectNode getNamespace(Params request) {
        String id = request.requiredString("Id");
        return Answers.single(
                "Namespace",
                store.read(tx ->
                        cloudMap.requireNamespace(tx, request.region(), id).answer(tx)));
    }

    private ObjectNode listNamespaces(Params request) {
        List<Params> filters = request.objects("Filters");
        List<ObjectNode> all = store.read(tx -> Namespace.all(tx).stream()
                .filter(namespace -> namespace.isIn(request.region()))
                .filter(namespace -> matches(namespace, filters))
                .map(namespace -> namespace.answer(tx))
                .toList());
        Pages<ObjectNode> page = Answers.page(request, all);
        ObjectNode answer = Answers.empty();
        answer.putArray("Namespaces").addAll(page.items());
        return Answers.withToken(answer, page);
    }

    private static boolean matches(Namespace namespace, List<Params> filters) {
        for (Params filter : filters) {
            boolean matches = switch (ListFilters.name(filter, FILTER_NAMES)) {
                case "TYPE" -> ListFilters.matches(filter, ListFilters.EQ_OR_IN, namespace.type());
                case "RESOURCE_OWNER" -> ListFilters.ownedBySelf(filter);
                default -> ListFilters.matches(filter, ListFilters.EQ_OR_BEGINS_WITH, namespace.name());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode updateHttpNamespace(Params request) {
        String id = request.requiredString("Id");
        Params change = request.object("Namespace");
        if (change == null) {
            throw request.invalid("Namespace", "is required");
        }
        if (!change.has("Description")) {
            throw change.invalid("Description", "is required");
        }
        String description = change.string("Description");
        if (description.length() > MAX_DESCRIPTION) {
            throw change.invalid(
                    "Description", description.length() + " characters (expected: at most " + MAX_DESCRIPTION + ")");
        }
        String updaterRequestId = request.string("UpdaterRequestId");
        if (updaterRequestId != null && updaterRequestId.length() > MAX_REQUEST_ID) {
            throw request.invalid(
                    "UpdaterRequestId",
                    updaterRequestId.length() + " characters (expected: at most " + MAX_REQUEST_ID + ")");
        }
        return Answers.operationId(store.write(
                tx -> cloudMap.updateHttpNamespace(tx, request.region(), id, description, updaterRequestId)));
    }

    private ObjectNode deleteNamespace(Params request) {
        String id = request.requiredString("Id");
        return Answers.operationId(store.write(tx -> cloudMap.deleteNamespace(tx, request.region(), id)));
    }
}
