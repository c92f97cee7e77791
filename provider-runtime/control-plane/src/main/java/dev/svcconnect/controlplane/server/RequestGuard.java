package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a browser must not be able to make the control plane do, checked for every request before
 * its route runs (and the one place where a check per route group, such as the console's login,
 * belongs):
 *
 * <ul>
 *   <li>{@code Host} must name this server: {@code localhost}, a loopback address, an address of
 *       this host (the bind address; the agents' relays on their bridges), or a name given with
 *       {@code --allowed-host}. A web page that re-binds its own DNS name to this address (DNS
 *       rebinding) sends its own name and is answered 421 {@code MisdirectedRequestException}.
 *   <li>A state-changing request ({@code POST}, {@code PUT}, {@code DELETE}, {@code PATCH}) with an
 *       {@code Origin} must come from this server's own origin, else 403 {@code AccessDeniedException}.
 *   <li>A state-changing request must not carry a {@code Content-Type} that an HTML form can send
 *       without a CORS preflight ({@code application/x-www-form-urlencoded},
 *       {@code multipart/form-data}, {@code text/plain}), else 415
 *       {@code UnsupportedMediaTypeException}. The AWS SDKs and CLI send
 *       {@code application/x-amz-json-1.1}, the agent and proxy {@code application/json}.
 * </ul>
 */
final class RequestGuard {

    /** The console's login form's action. */
    static final String LOGIN_PATH = "/console/login";

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");
    private static final Set<String> FORM_TYPES =
            Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");
    /** At most this many addresses of this host are remembered; more are looked up each time. */
    private static final int MAX_REMEMBERED = 256;

    private final String scheme;
    private final Set<String> names;
    private final Optional<InetAddress> bind;
    private final Set<InetAddress> ownAddresses = ConcurrentHashMap.newKeySet();

    /**
     * @param tls whether the server speaks TLS (the scheme of its origin)
     * @param bind the address the server listens on
     * @param allowedHosts the names given with {@code --allowed-host}
     */
    RequestGuard(boolean tls, String bind, List<String> allowedHosts) {
        this.scheme = tls ? "https" : "http";
        this.bind = literal(requireNonNull(bind, "bind"));
        List<String> lowered = new ArrayList<>(List.of("localhost"));
        if (this.bind.isEmpty()) {
            lowered.add(bind.toLowerCase(Locale.ROOT)); // bound by name: the name is this server's
        }
        allowedHosts.forEach(h -> lowered.add(h.toLowerCase(Locale.ROOT)));
        this.names = Set.copyOf(lowered);
    }

    /** For {@code group}'s route: the refusal of {@code request}, or empty when it may proceed. */
    Optional<ApiException> refusal(HttpRequest request, RouteGroup group) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || !allowedHost(hostOf(host))) {
            return Optional.of(new ApiException(
                    "MisdirectedRequestException",
                    421,
                    "Host: '" + (host == null ? "" : host) + "' is not a name of this control plane (expected:"
                            + " localhost, a loopback address, an address of this host"
                            + (names.size() > 1 ? ", or one of " + allowedHostsText() : "")
                            + "; add a name with --allowed-host NAME)."));
        }
        if (!STATE_CHANGING.contains(request.method().name())) {
            return Optional.empty();
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !origin.equalsIgnoreCase(scheme + "://" + host)) {
            return Optional.of(new ApiException(
                    "AccessDeniedException",
                    403,
                    "Origin: '" + origin + "' may not change anything here (expected: no Origin, or this server's"
                            + " own, " + scheme + "://" + host + ")."));
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && FORM_TYPES.contains(mediaType(contentType)) && !isLoginForm(request)) {
            return Optional.of(new ApiException(
                    "UnsupportedMediaTypeException",
                    415,
                    "Content-Type: '" + contentType + "' is what an HTML form sends, which may not change anything"
                            + " here (expected: application/x-amz-json-1.1 or application/json)."));
        }
        return Optional.empty();
    }

    /**
     * The console's login form is the one form the control plane takes: it changes nothing but the
     * browser's own session, and a cross-site post of it still carries a foreign {@code Origin},
     * refused above (login CSRF).
     */
    private static boolean isLoginForm(HttpRequest request) {
        return "POST".equals(request.method().name())
                && new QueryStringDecoder(request.uri()).path().equals(LOGIN_PATH);
    }

    private boolean allowedHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (names.contains(name)) {
            return true;
        }
        Optional<InetAddress> address = literal(name);
        if (address.isEmpty()) {
            return false;
        }
        InetAddress ip = address.get();
        return ip.isLoopbackAddress() || ip.equals(bind.orElse(null)) || ownAddress(ip);
    }

    /** Whether {@code ip} is an address of one of this host's interfaces (now or once before). */
    private boolean ownAddress(InetAddress ip) {
        if (ownAddresses.contains(ip)) {
            return true;
        }
        try {
            if (NetworkInterface.getByInetAddress(ip) == null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        if (ownAddresses.size() < MAX_REMEMBERED) {
            ownAddresses.add(ip);
        }
        return true;
    }

    private String allowedHostsText() {
        return String.join(", ", names.stream().sorted().toList());
    }

    /** {@code host} of {@code host:port}, {@code [v6]:port} or {@code host}. */
    static String hostOf(String hostHeader) {
        String value = hostHeader.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? value : value.substring(1, close);
        }
        int colon = value.indexOf(':');
        return colon < 0 || value.indexOf(':', colon + 1) >= 0 ? value : value.substring(0, colon);
    }

    /** The address of an IP literal, never a DNS lookup; empty for a name. */
    private static Optional<InetAddress> literal(String host) {
        boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }
}
