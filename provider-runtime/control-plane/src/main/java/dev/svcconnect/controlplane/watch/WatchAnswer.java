package dev.svcconnect.controlplane.watch;

/**
 * An answer of the watch API: an HTTP status and a body serialized as JSON, or no body.
 *
 * @param status the HTTP status: 200, 304 (no change before the wait ended), 4xx
 * @param body the body, serialized as JSON; a {@code byte[]} is JSON already; null for none
 */
public record WatchAnswer(int status, Object body) {

    static WatchAnswer ok(Object body) {
        return new WatchAnswer(200, body);
    }

    /** A 200 whose body is serialized already (a {@link WatchEvent}'s, shared by its watchers). */
    static WatchAnswer json(byte[] body) {
        return new WatchAnswer(200, body);
    }

    static WatchAnswer notModified() {
        return new WatchAnswer(304, null);
    }
}
