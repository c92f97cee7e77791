package dev.svcconnect.model.watch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.svcconnect.model.Json;

/**
 * Reads a message of the watch API from its JSON, with errors that name the field:
 * {@code cpu: Cannot deserialize value of type `java.lang.Integer` from String "x" ...}.
 */
public final class WireJson {

    private WireJson() {}

    /**
     * The {@code type} that {@code json} holds; the caller validates it.
     *
     * @throws IllegalArgumentException naming the field whose value does not fit
     */
    public static <T> T read(JsonNode json, Class<T> type) {
        requireNonNull(json, "json");
        requireNonNull(type, "type");
        try {
            return Json.mapper().treeToValue(json, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(where(e) + firstLine(cause.getMessage()), e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(where(e) + firstLine(e.getOriginalMessage()), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(firstLine(e.getOriginalMessage()), e);
        }
    }

    /** {@code containers[0].exitCode: }, or nothing for the whole message. */
    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : path + ": ";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
