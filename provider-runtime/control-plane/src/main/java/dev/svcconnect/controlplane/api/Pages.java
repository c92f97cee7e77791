package dev.svcconnect.controlplane.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Pagination with {@code maxResults}/{@code nextToken} (ECS) or {@code MaxResults}/{@code NextToken}
 * (Cloud Map). The token is an opaque encoding of the next offset.
 *
 * @param items the items of this page
 * @param nextToken the token of the next page, or null when this is the last one
 * @param <T> the item type
 */
public record Pages<T>(List<T> items, String nextToken) {

    /** Cuts one page out of {@code all}, reading the page size and token fields of {@code request}. */
    public static <T> Pages<T> of(
            List<T> all,
            Params request,
            String maxResultsField,
            String tokenField,
            int defaultPageSize,
            int maxPageSize) {
        int size = request.integer(maxResultsField, defaultPageSize);
        if (size < 1 || size > maxPageSize) {
            throw request.invalid(maxResultsField, size + " (expected: 1-" + maxPageSize + ")");
        }
        int offset = 0;
        String token = request.string(tokenField);
        if (token != null) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw request.invalid(tokenField, "not a token this API gave");
            }
            if (offset < 0 || offset > all.size()) {
                throw request.invalid(tokenField, "not a token this API gave");
            }
        }
        int end = Math.min(all.size(), offset + size);
        String next = end < all.size()
                ? Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Pages<>(List.copyOf(all.subList(offset, end)), next);
    }

    /**
     * An ECS list answer: one page of {@code arns} under {@code field}, with {@code nextToken}
     * when more remain, read with {@code maxResults} (at most 100) and {@code nextToken}.
     */
    public static ObjectNode ecsArns(Params request, List<String> arns, String field, int defaultPageSize) {
        Pages<String> page = of(arns, request, "maxResults", "nextToken", defaultPageSize, 100);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode out = response.putArray(field);
        page.items().forEach(out::add);
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }
}
