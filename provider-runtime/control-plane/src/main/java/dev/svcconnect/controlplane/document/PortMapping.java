package dev.svcconnect.controlplane.document;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.proxy.Protocol;

/** One port mapping of a task definition's container definition. */
public final class PortMapping {

    private final JsonNode json;

    private PortMapping(JsonNode json) {
        this.json = requireNonNull(json, "json");
    }

    /** A view over a stored port mapping. */
    public static PortMapping of(JsonNode json) {
        return new PortMapping(json);
    }

    public JsonNode json() {
        return json;
    }

    /** The mapping's name, or null. */
    public String name() {
        return json.path("name").asText(null);
    }

    public int containerPort() {
        return json.path("containerPort").asInt();
    }

    /** The {@code appProtocol} as written (http, http2, grpc), or null. */
    public String appProtocol() {
        return json.path("appProtocol").asText(null);
    }

    /** The protocol the proxy speaks for this mapping; TCP without an {@code appProtocol}. */
    public Protocol protocol() {
        return Protocol.fromAppProtocol(appProtocol());
    }
}
