package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.CloudMapOperation;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the mutating calls did: {@code GetOperation} (one operation) and {@code ListOperations}
 * (their ids and statuses, filtered and paged, oldest first), of the call's region.
 */
final class OperationQueries {

    private final Store store;
    private final String defaultRegion;

    OperationQueries(Store store, String defaultRegion) {
        this.store = requireNonNull(store, "store");
        this.defaultRegion = requireNonNull(defaultRegion, "defaultRegion");
    }

    /** An element of {@code ListOperations}' answer. */
    private record OperationSummary(
            @JsonProperty("Id") String id,
            @JsonProperty("Status") String status) {}

    void addTo(Map<String, Operation> operations) {
        operations.put("GetOperation", this::getOperation);
        operations.put("ListOperations", this::listOperations);
    }

    private ObjectNode getOperation(Params request) {
        String id = request.requiredString("OperationId");
        ObjectNode operation = store.read(tx -> CloudMapOperation.find(tx, id))
                .filter(found -> isIn(found, request.region()))
                .map(CloudMapOperation::answer)
                .orElseThrow(() -> new ApiException("OperationNotFound", "Operation '" + id + "' not found."));
        return Answers.single("Operation", operation);
    }

    private ObjectNode listOperations(Params request) {
        Predicate<CloudMapOperation> filter = OperationFilters.of(request.objects("Filters"));
        List<OperationSummary> all = store.read(tx -> CloudMapOperation.all(tx).stream()
                .filter(operation -> isIn(operation, request.region()))
                .filter(filter)
                .map(operation -> new OperationSummary(operation.id(), operation.status()))
                .toList());
        Pages<OperationSummary> page = Answers.page(request, all);
        ObjectNode answer = Answers.empty();
        answer.set("Operations", Json.mapper().valueToTree(page.items()));
        return Answers.withToken(answer, page);
    }

    /** Whether an operation was made in {@code region}; one stored before regions, in the configured one. */
    private boolean isIn(CloudMapOperation operation, String region) {
        String made = operation.region();
        return region.equals(made == null ? defaultRegion : made);
    }
}
