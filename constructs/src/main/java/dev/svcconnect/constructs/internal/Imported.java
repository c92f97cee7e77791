package dev.svcconnect.constructs.internal;

/** What imported constructs share: an attribute that was not given on import. */
final class Imported {

    private Imported() {}

    /** {@code value}, or an error naming the attribute, the construct and how to give it. */
    static String required(String value, String attribute, String what, String importMethod) {
        if (value == null) {
            throw new IllegalStateException(attribute + ": unknown for " + what + " (expected: import it with "
                    + importMethod + " and a " + attribute + ")");
        }
        return value;
    }
}
