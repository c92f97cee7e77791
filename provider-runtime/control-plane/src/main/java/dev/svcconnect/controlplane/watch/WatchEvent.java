package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

/**
 * One value of a watched key as its watchers get it: the revision at which it last changed and
 * the JSON of {@code {"revision": R, "value": ...}} ({@code dev.svcconnect.model.watch.WatchResult}),
 * serialized once for every watcher of the key.
 *
 * @param revision the revision at which the value last changed
 * @param value the value
 * @param json the answer's JSON
 */
public record WatchEvent(long revision, Object value, byte[] json) {

    public WatchEvent {
        requireNonNull(value, "value");
        requireNonNull(json, "json");
    }
}
