package dev.svcconnect.constructs;

/** How a task's containers are networked; Service Connect needs {@link #AWS_VPC} or {@link #BRIDGE}. */
public enum NetworkMode {
    /** Every task has a network interface and address of its own. */
    AWS_VPC("awsvpc"),
    /** Containers are on a bridge network of their host, with port mappings. */
    BRIDGE("bridge"),
    /** Containers share their host's network. */
    HOST("host");

    private final String value;

    NetworkMode(String value) {
        this.value = value;
    }

    /** The value in a template: {@code awsvpc}, {@code bridge} or {@code host}. */
    public String getValue() {
        return value;
    }
}
