package dev.svcconnect.proxy.admin;

/** What the admin port shows and does, provided by the running proxy. */
public interface AdminActions {

    /** Whether the proxy takes traffic (false while draining). */
    boolean isReady();

    /** The state to show on {@code /stats}, as JSON-serializable values. */
    Object stats();

    /** The metrics in the Prometheus text format. */
    String metrics();

    /** Starts draining; returns at once. */
    void drain();
}
