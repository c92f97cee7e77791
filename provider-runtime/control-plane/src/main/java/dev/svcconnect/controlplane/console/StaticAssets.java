package dev.svcconnect.controlplane.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The console's pages, styles and scripts, read once from the classpath ({@code console/assets/}). */
public final class StaticAssets {

    /** One asset: its content type and bytes. */
    public record Asset(String contentType, byte[] body) {}

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The asset {@code name}, such as {@code index.html}, if there is one. */
    public Optional<Asset> find(String name) {
        // A miss returns null, which the cache does not keep: it holds only assets that exist.
        byte[] body = cache.computeIfAbsent(name, StaticAssets::read);
        if (body == null) {
            return Optional.empty();
        }
        String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
        return Optional.of(new Asset(type, body));
    }

    /** The number of assets held in memory. */
    int cached() {
        return cache.size();
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("/console/assets/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
