package dev.svcconnect.proxy.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.ProxyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a static proxy configuration file ({@code docs/proxy.md}), with errors that name the file and the field. */
public final class ProxyConfigFile {

    private ProxyConfigFile() {}

    /**
     * Reads and validates {@code file}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public static ProxyConfig read(Path file) {
        requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses and validates a configuration; {@code source} names it in errors. */
    public static ProxyConfig parse(String json, String source) {
        try {
            ProxyConfig config = Json.mapper().readValue(json, ProxyConfig.class);
            if (config == null) {
                throw new IllegalArgumentException(source + ": empty configuration");
            }
            return config.validate();
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException parse) {
                throw notJson(source, parse);
            }
            List<JsonMappingException.Reference> refs = e.getPath();
            String message =
                    e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            String last = refs.isEmpty() ? null : refs.get(refs.size() - 1).getFieldName();
            if (last != null && message.startsWith(last + ":")) {
                refs = refs.subList(0, refs.size() - 1);
                message = "." + message;
            } else if (!refs.isEmpty()) {
                message = ": " + message;
            }
            String path = refs.stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining())
                    .replaceFirst("^\\.", "");
            throw new IllegalArgumentException(source + ": " + (path + message).replaceFirst("^[.: ]+", ""));
        } catch (JsonProcessingException e) {
            throw notJson(source, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException notJson(String source, JsonProcessingException e) {
        String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "");
        return new IllegalArgumentException(source + ": not valid JSON: " + message
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
}
