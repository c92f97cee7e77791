package dev.svcconnect.controlplane.document;

import java.util.Arrays;
import java.util.List;

/** The states of an ECS task, in lifecycle order: its {@code lastStatus} and {@code desiredStatus}. */
public enum TaskStatus {
    PROVISIONING,
    PENDING,
    ACTIVATING,
    RUNNING,
    DEACTIVATING,
    STOPPING,
    DEPROVISIONING,
    STOPPED;

    /** Every state's name, in lifecycle order. */
    public static final List<String> NAMES =
            Arrays.stream(values()).map(Enum::name).toList();

    /** Whether a task in this state is on its way in: it counts as pending for its deployment. */
    public boolean isPending() {
        return this == PROVISIONING || this == PENDING || this == ACTIVATING;
    }

    /** Whether a task in this state is on its way out, e.g. after an essential container exited. */
    public boolean isLeaving() {
        return this == DEACTIVATING || this == STOPPING || this == DEPROVISIONING;
    }

    /** The status ECS shows for a task's containers while the task is in this state. */
    public String containerStatus() {
        return switch (this) {
            case RUNNING, DEACTIVATING, STOPPING -> "RUNNING";
            case DEPROVISIONING, STOPPED -> "STOPPED";
            default -> "PENDING";
        };
    }

    /**
     * The state with this name; null for null.
     *
     * @throws IllegalArgumentException naming the value and the states allowed
     */
    public static TaskStatus parse(String name, String field) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ": " + name + " (expected one of: " + String.join(", ", NAMES) + ")", e);
        }
    }
}
