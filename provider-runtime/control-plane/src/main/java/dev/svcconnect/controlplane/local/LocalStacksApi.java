package dev.svcconnect.controlplane.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.watch.WatchAnswer;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.util.List;

/**
 * The stack records of the local engine (see {@code docs/local-engine.md}):
 * <ul>
 *   <li>{@code GET /local/v1/stacks}: {@code {"stacks": [...]}}, by name;</li>
 *   <li>{@code GET /local/v1/stacks/NAME}: one record, or 404 {@code StackNotFoundException};</li>
 *   <li>{@code PUT /local/v1/stacks/NAME}: stores a record (a JSON object whose
 *       {@code stackName} is NAME), durably before answering;</li>
 *   <li>{@code DELETE /local/v1/stacks/NAME}: forgets a record; forgetting a missing one succeeds.</li>
 * </ul>
 * The control plane keeps the records as they are given; the engine owns their shape. The routes
 * are listed in {@code dev.svcconnect.controlplane.server.LocalStackRoutes}.
 */
public final class LocalStacksApi {

    private static final String INVALID = "InvalidParameterException";

    private final Store store;

    public LocalStacksApi(Store store) {
        this.store = requireNonNull(store, "store");
    }

    /** {@code GET /local/v1/stacks}: every record, by name. */
    public WatchAnswer list() {
        ObjectNode answer = Json.mapper().createObjectNode();
        List<JsonNode> stacks = store.read(tx -> List.copyOf(tx.list(Table.LOCAL_STACKS, "-")));
        answer.putArray("stacks").addAll(stacks);
        return new WatchAnswer(200, answer);
    }

    /**
     * {@code GET /local/v1/stacks/NAME}.
     *
     * @throws ApiException 404 {@code StackNotFoundException} when there is no such record
     */
    public WatchAnswer get(String name) {
        return new WatchAnswer(
                200,
                store.read(tx -> tx.get(Table.LOCAL_STACKS, name))
                        .orElseThrow(() ->
                                new ApiException("StackNotFoundException", 404, "Stack " + name + " does not exist.")));
    }

    /**
     * {@code PUT /local/v1/stacks/NAME}: stores the record durably before answering it.
     *
     * @throws ApiException 400 for a body that is not a JSON object whose {@code stackName} is NAME
     */
    public WatchAnswer put(String name, byte[] body) {
        ObjectNode record = record(name, body);
        store.write(tx -> {
            tx.put(Table.LOCAL_STACKS, name, "-", null, record);
            return null;
        });
        return new WatchAnswer(200, record);
    }

    /** {@code DELETE /local/v1/stacks/NAME}: forgetting a missing record succeeds. */
    public WatchAnswer delete(String name) {
        store.write(tx -> {
            if (tx.get(Table.LOCAL_STACKS, name).isPresent()) {
                tx.delete(Table.LOCAL_STACKS, name);
            }
            return null;
        });
        return new WatchAnswer(200, Json.mapper().createObjectNode());
    }

    private static ObjectNode record(String name, byte[] body) {
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiException(INVALID, "The stack record is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof ObjectNode record)) {
            throw new ApiException(INVALID, "The stack record must be a JSON object.");
        }
        if (!name.equals(record.path("stackName").asText())) {
            throw new ApiException(
                    INVALID,
                    "stackName: '" + record.path("stackName").asText() + "' (expected: '" + name
                            + "', the name in the path).");
        }
        return record;
    }
}
