package dev.svcconnect.model.proxy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an outbound listener picks an endpoint for each request (TCP: each connection). */
public enum LoadBalancing {
    /** Each endpoint in turn; ECS Service Connect's only policy and our default. */
    ROUND_ROBIN,
    /** The less loaded of two endpoints picked at random (power of two choices). */
    LEAST_REQUEST;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LoadBalancing fromWireName(String value) {
        return WireNames.parse(LoadBalancing.class, value, "loadBalancing");
    }
}
