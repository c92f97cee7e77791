package dev.svcconnect.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What isComplete answers: whether the operation finished and, if so, data to merge into what
 * onEvent answered (the provider framework rejects data on an unfinished answer).
 *
 * @param complete whether the resource reached its desired state
 * @param data     attribute values by name; empty unless complete
 */
public record IsCompleteResult(boolean complete, Map<String, Object> data) {

    /** Checks and copies. */
    public IsCompleteResult {
        data = Map.copyOf(data);
        if (!complete && !data.isEmpty()) {
            throw new IllegalArgumentException("data: must be empty while not complete");
        }
    }

    /** Finished, with {@code data}. */
    public static IsCompleteResult done(Map<String, Object> data) {
        return new IsCompleteResult(true, data);
    }

    /** Finished, with no data. */
    public static IsCompleteResult done() {
        return new IsCompleteResult(true, Map.of());
    }

    /** Not finished yet; the framework asks again after its query interval. */
    public static IsCompleteResult notYet() {
        return new IsCompleteResult(false, Map.of());
    }

    /** The answer as the provider framework reads it: {@code IsComplete} and {@code Data}. */
    public Map<String, Object> toMap() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("IsComplete", complete);
        if (complete) {
            answer.put("Data", new LinkedHashMap<>(data));
        }
        return answer;
    }
}
