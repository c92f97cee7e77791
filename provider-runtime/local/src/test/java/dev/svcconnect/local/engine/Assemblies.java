package dev.svcconnect.local.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small cloud assemblies by hand: a manifest.json and one template per stack. */
final class Assemblies {

    private Assemblies() {}

    /** One stack of an assembly: its name, template JSON, and the stacks it depends on. */
    record Stack(String name, String template, List<String> dependencies) {
        Stack(String name, String template) {
            this(name, template, List.of());
        }
    }

    /** Writes {@code stacks} into {@code directory} (replacing what was there) and answers it. */
    static Path write(Path directory, Stack... stacks) {
        try {
            Files.createDirectories(directory);
            ObjectNode manifest = Json.mapper().createObjectNode().put("version", "48.0.0");
            ObjectNode artifacts = manifest.putObject("artifacts");
            for (Stack stack : stacks) {
                String file = stack.name() + ".template.json";
                Files.writeString(directory.resolve(file), stack.template());
                ObjectNode artifact = artifacts.putObject(stack.name()).put("type", "aws:cloudformation:stack");
                artifact.putObject("properties").put("templateFile", file);
                ArrayNode dependencies = artifact.putArray("dependencies");
                stack.dependencies().forEach(dependencies::add);
            }
            Files.writeString(directory.resolve("manifest.json"), manifest.toPrettyString());
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Single quotes to double quotes, so templates read well in Java strings. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
