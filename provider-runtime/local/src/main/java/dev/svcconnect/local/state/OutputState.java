package dev.svcconnect.local.state;

import java.util.Objects;

/**
 * One resolved output of a stack.
 *
 * @param name       the output's name
 * @param value      its value
 * @param exportName the name other stacks import it by, or null
 */
public record OutputState(String name, String value, String exportName) {

    public OutputState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
