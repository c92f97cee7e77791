package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.model.Json;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a route answers: a whole response now ({@link Full}), one later ({@link Later}, a long-poll),
 * or a stream the route writes itself ({@link Stream}, server-sent events).
 */
sealed interface Reply {

    String AMZ_JSON = "application/x-amz-json-1.1";
    String JSON = "application/json";

    /**
     * A whole response.
     *
     * @param status the HTTP status
     * @param contentType the body's type, sent when there is a body
     * @param body the body, possibly empty
     * @param headers more headers, such as {@code Allow} or {@code Cache-Control}
     * @param operation the name of the request in the request log, or null for {@code METHOD PATH}
     */
    record Full(int status, String contentType, byte[] body, Map<String, String> headers, String operation)
            implements Reply {

        public Full {
            requireNonNull(contentType, "contentType");
            requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }

        /** The same answer with one more header. */
        Full withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Full(status, contentType, body, more, operation);
        }

        /** The same answer, logged as {@code operation}. */
        Full named(String operation) {
            return new Full(status, contentType, body, headers, operation);
        }
    }

    /** An answer that completes later; cancelled when the client goes away first. */
    record Later(CompletableFuture<Reply> answer) implements Reply {
        public Later {
            requireNonNull(answer, "answer");
        }
    }

    /**
     * A streamed answer: {@code start} writes the response head and what follows on the connection.
     *
     * @param start writes the stream, from any thread
     * @param held whether the stream is a watch, counted against the caps of held watches
     *     ({@link HeldWatches}) until its connection closes
     */
    record Stream(Consumer<ChannelHandlerContext> start, boolean held) implements Reply {
        public Stream {
            requireNonNull(start, "start");
        }

        /** A stream that is not a watch. */
        Stream(Consumer<ChannelHandlerContext> start) {
            this(start, false);
        }
    }

    static Full of(int status, String contentType, byte[] body) {
        return new Full(status, contentType, body, Map.of(), null);
    }

    /** {@code body} serialized as JSON (none when null; a {@code byte[]} is JSON already). */
    static Full json(int status, Object body) {
        if (body == null) {
            return of(status, JSON, new byte[0]);
        }
        if (body instanceof byte[] json) {
            return of(status, JSON, json);
        }
        try {
            return of(status, JSON, Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the answer: " + e.getMessage(), e);
        }
    }

    /** {@code 200 {}}. */
    static Full emptyObject() {
        return of(200, JSON, "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** An AWS error body, {@code {"__type": ..., "message": ...}}, with the exception's status. */
    static Full error(ApiException e) {
        return of(e.status(), JSON, errorBody(e.type(), e.getMessage()));
    }

    static byte[] errorBody(String type, String message) {
        ObjectNode error = Json.mapper().createObjectNode();
        error.put("__type", type);
        error.put("message", message);
        try {
            return Json.mapper().writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
