package dev.svcconnect.controlplane.document;

/**
 * CPU units and MiB of memory: what a task asks for, what a host registered, what is used or left.
 *
 * @param cpu CPU units (1024 per vCPU)
 * @param memory MiB of memory
 */
public record Resources(int cpu, int memory) {

    /** No CPU and no memory. */
    public static final Resources NONE = new Resources(0, 0);

    /** Without a bound: a host that registered no resources. */
    public static final Resources UNBOUNDED = new Resources(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public Resources plus(Resources other) {
        return new Resources(cpu + other.cpu, memory + other.memory);
    }

    public Resources minus(Resources other) {
        return new Resources(cpu - other.cpu, memory - other.memory);
    }

    /** Whether these resources are within {@code limit}, both CPU and memory. */
    public boolean fitsIn(Resources limit) {
        return cpu <= limit.cpu && memory <= limit.memory;
    }
}
