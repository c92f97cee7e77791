package dev.svcconnect.model.watch;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The control plane replicas a client may talk to ({@code --control-plane URL1,URL2}) and the one
 * it talks to now. A client asks {@link #current()} for each call and reports {@link #failed} when a
 * replica does not answer or answers a server error; the next call goes to the next replica, and
 * after a whole round failed {@link #backoff()} says how long to wait. A watch keeps its revision
 * across replicas, since every replica of one store numbers revisions alike ({@code docs/ha.md}).
 * Thread-safe.
 */
public final class ControlPlaneEndpoints {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final List<URI> all;
    private int current;
    private int failuresInARow;

    private ControlPlaneEndpoints(List<URI> all) {
        this.all = List.copyOf(all);
    }

    /**
     * Reads a comma-separated list of {@code http://} or {@code https://} base URLs; {@code field}
     * names the option in errors.
     */
    public static ControlPlaneEndpoints parse(String field, String urls) {
        if (urls == null || urls.isBlank()) {
            throw new IllegalArgumentException(field + ": is required (expected: URL[,URL...])");
        }
        List<URI> all = new ArrayList<>();
        for (String url : urls.split(",")) {
            URI uri = parseUrl(url.strip());
            if (uri == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(field + ": '" + url.strip()
                        + "' (expected: a URL such as http://127.0.0.1:7700, several separated by commas)");
            }
            all.add(uri);
        }
        return new ControlPlaneEndpoints(all);
    }

    private static URI parseUrl(String url) {
        try {
            return URI.create(url.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * One control plane given as a URL object: checked to be {@code http://} or {@code https://},
     * its trailing slashes dropped, as {@link #parse} does for each URL of a list.
     */
    public static ControlPlaneEndpoints single(URI controlPlane) {
        if (controlPlane == null) {
            throw new NullPointerException("controlPlane");
        }
        String scheme = controlPlane.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "control plane: " + controlPlane + " (expected: an http:// or https:// URL)");
        }
        return of(URI.create(controlPlane.toString().replaceAll("/+$", "")));
    }

    /** One replica. */
    public static ControlPlaneEndpoints of(URI url) {
        return new ControlPlaneEndpoints(List.of(url));
    }

    /** These replicas, in this order; at least one. */
    public static ControlPlaneEndpoints of(List<URI> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("control plane replicas: none (expected: at least one URL)");
        }
        return new ControlPlaneEndpoints(urls);
    }

    /** Every replica, in the order given. */
    public List<URI> all() {
        return all;
    }

    /** The replica to call now. */
    public synchronized URI current() {
        return all.get(current);
    }

    /** {@code path} (with its query) on the replica to call now. */
    public URI resolve(String path) {
        return URI.create(current() + path);
    }

    /** The call to {@code replica} failed: the next call goes to the next one (unless another call moved on already). */
    public synchronized void failed(URI replica) {
        if (all.get(current).equals(replica)) {
            current = (current + 1) % all.size();
            failuresInARow++;
        }
    }

    /** A call succeeded: the replica stays, and the backoff starts over. */
    public synchronized void succeeded() {
        failuresInARow = 0;
    }

    /**
     * How long to wait before the next call: nothing while untried replicas remain in this round,
     * then doubling per round from 200 ms up to 5 s.
     */
    public synchronized Duration backoff() {
        if (failuresInARow == 0 || failuresInARow % all.size() != 0) {
            return Duration.ZERO;
        }
        int rounds = Math.min(failuresInARow / all.size() - 1, 10);
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << rounds);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    @Override
    public String toString() {
        return String.join(",", all.stream().map(URI::toString).toList());
    }
}
