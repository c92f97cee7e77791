package dev.svcconnect.proxy.config;

import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;

/**
 * The key a proxy sends on its watch and metrics calls ({@code Authorization: Bearer
 * ACCESS_KEY_ID:SECRET}), carried inside the process as the user info of the control plane's URL
 * ({@code http://ACCESS_KEY_ID:SECRET@127.0.0.1:7700}) and never sent or logged as part of it.
 * The agent hands a sidecar its task's key in the environment variable {@value #VARIABLE}.
 */
public final class ControlPlaneKey {

    /** The environment variable of a sidecar's key: {@code ACCESS_KEY_ID:SECRET}. */
    public static final String VARIABLE = "SVC_CONNECT_PROXY_KEY";

    private ControlPlaneKey() {}

    /** {@code controlPlane} carrying {@code key} ({@code ACCESS_KEY_ID:SECRET}); unchanged when key is null or blank. */
    public static URI with(URI controlPlane, String key) {
        return key == null || key.isBlank() ? controlPlane : withUserInfo(controlPlane, key.strip());
    }

    /** Every replica carrying {@code key}; unchanged when key is null or blank. */
    public static ControlPlaneEndpoints with(ControlPlaneEndpoints replicas, String key) {
        if (key == null || key.isBlank()) {
            return replicas;
        }
        return ControlPlaneEndpoints.of(
                replicas.all().stream().map(replica -> with(replica, key)).toList());
    }

    /**
     * A request for {@code pathAndQuery} on {@code replica}: the key the replica's URL carries goes
     * in the {@code Authorization} header, not in the request's URL.
     */
    public static HttpRequest.Builder request(URI replica, String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(withoutKey(replica) + pathAndQuery));
        String authorization = authorization(replica);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    /** The {@code Authorization} header of the key {@code controlPlane} carries, or null. */
    public static String authorization(URI controlPlane) {
        String key = controlPlane.getUserInfo();
        return key == null || key.isEmpty() ? null : "Bearer " + key;
    }

    /** {@code controlPlane} without its key: what is called and logged. */
    public static URI withoutKey(URI controlPlane) {
        return controlPlane.getUserInfo() == null ? controlPlane : withUserInfo(controlPlane, null);
    }

    private static URI withUserInfo(URI uri, String userInfo) {
        try {
            return new URI(
                    uri.getScheme(), userInfo, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("control plane: " + uri.getHost() + ": " + e.getMessage(), e);
        }
    }
}
