package dev.svcconnect.controlplane.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps the body of the last answer an SDK client received, as it came over the wire: the SDK's
 * model drops fields it does not know, and the fidelity suite compares what the servers sent.
 */
final class WireRecorder implements ExecutionInterceptor {

    private volatile byte[] last = new byte[0];

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> content = context.responseBody();
        if (content.isEmpty()) {
            last = new byte[0];
            return content;
        }
        try (InputStream in = content.get()) {
            last = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading an answer's body", e);
        }
        return Optional.of(new ByteArrayInputStream(last));
    }

    /** The last answer's body as JSON ({@code {}} for an empty body). */
    JsonNode take() {
        byte[] body = last;
        last = new byte[0];
        try {
            return body.length == 0
                    ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("an answer that is not JSON: " + new String(body), e);
        }
    }
}
