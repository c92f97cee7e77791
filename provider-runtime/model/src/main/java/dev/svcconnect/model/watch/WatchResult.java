package dev.svcconnect.model.watch;

import static java.util.Objects.requireNonNull;

/**
 * One answer of a watch: the value at a revision. A watcher sends back the last revision it saw
 * and is answered as soon as the revision differs (or, after its wait, with the same one).
 *
 * @param revision increases with every change to what is watched; never reused
 * @param value what is watched, at that revision
 * @param <T> the watched shape, such as {@link dev.svcconnect.model.proxy.ProxyConfig}
 */
public record WatchResult<T>(long revision, T value) {

    public WatchResult {
        if (revision < 0) {
            throw new IllegalArgumentException("revision: " + revision + " (expected: >= 0)");
        }
        requireNonNull(value, "value");
    }
}
