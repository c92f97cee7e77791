package dev.svcconnect.sample.common;

/** A started service; {@link #close()} stops accepting, finishes in-flight work and releases everything. */
public interface RunningService extends AutoCloseable {

    /** Stops the service gracefully; calling it again does nothing. */
    @Override
    void close();
}
