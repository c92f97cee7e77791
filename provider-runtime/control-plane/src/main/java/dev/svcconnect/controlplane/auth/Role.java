package dev.svcconnect.controlplane.auth;

import java.util.Locale;

/**
 * What an identity may do. {@link #ADMIN} and {@link #READER} call the AWS JSON APIs; {@link #AGENT}
 * (a host) and {@link #PROXY} (a task's sidecar) call only the watch routes of their own scope.
 */
public enum Role {
    /** Every operation of every API, and the console. */
    ADMIN,
    /** Read-only operations ({@code Describe*}, {@code List*}, {@code Get*}, {@code Discover*}) and the console. */
    READER,
    /** A host: registers and heartbeats as its host, reports the tasks placed on it and pushes their logs. */
    AGENT,
    /** A task's sidecar: watches its task's proxy configuration and pushes its task's metrics. */
    PROXY;

    private static final String[] READ_PREFIXES = {"Describe", "List", "Get", "Discover"};

    /** Whether this role may call the AWS JSON operation {@code operation}, e.g. {@code CreateService}. */
    public boolean mayCall(String operation) {
        return switch (this) {
            case ADMIN -> true;
            case READER -> isRead(operation);
            case AGENT, PROXY -> false;
        };
    }

    /** Whether {@code operation} only reads: {@code Describe*}, {@code List*}, {@code Get*} or {@code Discover*}. */
    public static boolean isRead(String operation) {
        for (String prefix : READ_PREFIXES) {
            if (operation.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** What this role may do, for the message of an {@code AccessDeniedException}. */
    public String allowed() {
        return switch (this) {
            case ADMIN -> "every operation";
            case READER -> "Describe*, List*, Get* and Discover* operations and the console";
            case AGENT -> "the watch routes of its own host and of the tasks placed on it, no AWS API operation";
            case PROXY -> "its own task's proxy-config, hosts and metrics watch routes, no AWS API operation";
        };
    }

    /** The lower-case name used on the command line and in the API, e.g. {@code admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a wire name ({@code admin}, {@code reader}, ...), any case. */
    public static Role of(String name) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role: '" + name + "' (expected: admin, reader, agent or proxy)");
    }
}
