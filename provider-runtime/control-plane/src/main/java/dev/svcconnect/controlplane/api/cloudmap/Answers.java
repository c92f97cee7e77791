package dev.svcconnect.controlplane.api.cloudmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.model.Json;
import java.util.List;

/** The shapes that several Cloud Map answers share: an operation id, one object, a page. */
final class Answers {

    private static final String OPERATION_ID = "OperationId";
    private static final String MAX_RESULTS = "MaxResults";
    private static final String NEXT_TOKEN = "NextToken";
    private static final int PAGE_SIZE = 100;

    private Answers() {}

    static ObjectNode empty() {
        return Json.mapper().createObjectNode();
    }

    /** {@code {"OperationId": id}}. */
    static ObjectNode operationId(String id) {
        return empty().put(OPERATION_ID, id);
    }

    /** {@code {field: value}}. */
    static ObjectNode single(String field, JsonNode value) {
        ObjectNode answer = empty();
        answer.set(field, value);
        return answer;
    }

    /** One page of {@code all}, read with {@code MaxResults} (at most 100) and {@code NextToken}. */
    static <T> Pages<T> page(Params request, List<T> all) {
        return Pages.of(all, request, MAX_RESULTS, NEXT_TOKEN, PAGE_SIZE, PAGE_SIZE);
    }

    /** Adds {@code NextToken} to {@code answer} when more pages follow. */
    static ObjectNode withToken(ObjectNode answer, Pages<?> page) {
        if (page.nextToken() != null) {
            answer.put(NEXT_TOKEN, page.nextToken());
        }
        return answer;
    }
}
