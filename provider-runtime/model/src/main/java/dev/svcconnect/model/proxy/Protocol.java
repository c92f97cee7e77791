package dev.svcconnect.model.proxy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The application protocol of a listener, from the port mapping's {@code appProtocol}; a port
 * mapping without one is {@link #TCP}.
 */
public enum Protocol {
    HTTP,
    HTTP2,
    GRPC,
    TCP;

    /** Whether requests are seen (and so counted, timed and retried) rather than only bytes. */
    public boolean isLayer7() {
        return this != TCP;
    }

    /** The idle timeout ECS Service Connect applies when none is configured. */
    public int defaultIdleTimeoutSeconds() {
        return this == TCP ? 3600 : 300;
    }

    /**
     * The protocol of an ECS port mapping's {@code appProtocol} ({@code http}, {@code http2},
     * {@code grpc}, or null for TCP).
     */
    public static Protocol fromAppProtocol(String appProtocol) {
        return appProtocol == null || appProtocol.isEmpty() ? TCP : fromWireName(appProtocol);
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Protocol fromWireName(String value) {
        return WireNames.parse(Protocol.class, value, "protocol");
    }
}
