package dev.svcconnect.model.proxy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which side of a task a listener serves: its clients' calls out, or calls in to its own port. */
public enum Direction {
    /** A client alias: the task's application calls another service through it. */
    OUTBOUND,
    /** In front of the task's own port mapping: other tasks call this one through it. */
    INBOUND;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Direction fromWireName(String value) {
        return WireNames.parse(Direction.class, value, "direction");
    }
}
