package dev.svcconnect.model.proxy;

/**
 * How many event loops a proxy runs: one per CPU its JVM sees, unless its environment says
 * otherwise in {@link #ENVIRONMENT_VARIABLE}. The host agent sets it for each sidecar from the task's
 * CPU, since a sidecar runs outside its task's cgroups and its JVM sees every core of the host
 * (docs/proxy.md, "Event loops on a shared machine").
 */
public final class EventLoops {

    /** The variable a proxy reads its number of event loops from: a whole number, at least 1. */
    public static final String ENVIRONMENT_VARIABLE = "SVC_CONNECT_PROXY_EVENT_LOOPS";

    private EventLoops() {}
}
