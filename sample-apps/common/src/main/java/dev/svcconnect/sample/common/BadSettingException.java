package dev.svcconnect.sample.common;

/** A setting from the environment has a value the service cannot use. */
public final class BadSettingException extends IllegalArgumentException {

    /** A message naming the variable, the value received and what is allowed. */
    public BadSettingException(String message) {
        super(message);
    }
}
