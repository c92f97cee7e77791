package dev.svcconnect.controlplane.watch;

/**
 * An answer of the watch API: an HTTP status and a body serialized as JSON, or no body.
 *
 * @param status the HTTP status: 200, 304 (no change before the wait ended), 4xx
 * @param body the JSON body, or null
 */
public record WatchAnswer(int status, Object body) {

    static WatchAnswer ok(Object body) {
        return new WatchAnswer(200, body);
    }

    static WatchAnswer notModified() {
        return new WatchAnswer(304, null);
    }
}
