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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack records of the local engine (see {@code docs/local-engine.md}):
 * <ul>
 *   <li>{@code GET /local/v1/stacks}: {@code {"stacks": [...]}}, by name;</li>
 *   <li>{@code GET /local/v1/stacks/NAME}: one record, or 404 {@code StackNotFoundException};</li>
 *   <li>{@code PUT /local/v1/stacks/NAME}: stores a record (a JSON object whose
 *       {@code stackName} is NAME), durably before answering;</li>
 *   <li>{@code DELETE /local/v1/stacks/NAME}: forgets a record; forgetting a missing one succeeds.</li>
 * </ul>
 * The control plane keeps the records as they are given; the engine owns their shape.
 */
public final class LocalStacksApi {

    private static final Pattern STACKS = Pattern.compile("/local/v1/stacks");
    private static final Pattern STACK = Pattern.compile("/local/v1/stacks/([A-Za-z][A-Za-z0-9-]{0,127})");
    private static final String INVALID = "InvalidParameterException";

    private final Store store;

    public LocalStacksApi(Store store) {
        this.store = requireNonNull(store, "store");
    }

    /**
     * Answers one request.
     *
     * @throws ApiException for a request that is wrong (its status says how)
     */
    public WatchAnswer handle(String method, String path, byte[] body) {
        if (STACKS.matcher(path).matches()) {
            requireMethod(method, "GET", path);
            ObjectNode answer = Json.mapper().createObjectNode();
            List<JsonNode> stacks = store.read(tx -> List.copyOf(tx.list(Table.LOCAL_STACKS, "-")));
            answer.putArray("stacks").addAll(stacks);
            return new WatchAnswer(200, answer);
        }
        Matcher m = STACK.matcher(path);
        if (!m.matches()) {
            throw new ApiException(
                    "UnknownOperationException",
                    404,
                    "No local API route " + method + " " + path
                            + " (stack names: a letter, then letters, digits and '-', up to 128).");
        }
        String name = m.group(1);
        switch (method) {
            case "GET":
                return new WatchAnswer(
                        200,
                        store.read(tx -> tx.get(Table.LOCAL_STACKS, name))
                                .orElseThrow(() -> new ApiException(
                                        "StackNotFoundException", 404, "Stack " + name + " does not exist.")));
            case "PUT":
                ObjectNode record = record(name, body);
                store.write(tx -> {
                    tx.put(Table.LOCAL_STACKS, name, "-", null, record);
                    return null;
                });
                return new WatchAnswer(200, record);
            case "DELETE":
                store.write(tx -> {
                    if (tx.get(Table.LOCAL_STACKS, name).isPresent()) {
                        tx.delete(Table.LOCAL_STACKS, name);
                    }
                    return null;
                });
                return new WatchAnswer(200, Json.mapper().createObjectNode());
            default:
                throw new ApiException(INVALID, 405, method + " " + path + ": expected GET, PUT or DELETE.");
        }
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

    private static void requireMethod(String method, String expected, String path) {
        if (!expected.equals(method)) {
            throw new ApiException(INVALID, 405, method + " " + path + ": expected " + expected + ".");
        }
    }
}
