package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.auth.OperatorAccess;
import dev.svcconnect.controlplane.console.ConsoleApi;
import dev.svcconnect.controlplane.console.StaticAssets;
import dev.svcconnect.controlplane.console.TrafficEvents;
import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.metrics.PrometheusExport;
import java.util.Map;

/**
 * The routes of the console ({@code /console} with its assets, the JSON under
 * {@code /console/api/} and a service's live traffic as server-sent events) and of the proxies'
 * metrics in Prometheus text ({@code GET /metrics}). Every answer says {@code Cache-Control: no-cache}.
 */
final class ConsoleRoutes {

    private static final String SERVICE = "/console/api/clusters/{cluster}/services/{service}";

    private final ConsoleApi api;
    private final PrometheusExport export;
    private final TrafficEvents events;
    private final StaticAssets assets = new StaticAssets();

    private final OperatorAccess access;

    ConsoleRoutes(ConsoleApi api, PrometheusExport export, TrafficEvents events, OperatorAccess access) {
        this.access = requireNonNull(access, "access");
        this.api = requireNonNull(api, "api");
        this.export = requireNonNull(export, "export");
        this.events = requireNonNull(events, "events");
    }

    RouteGroup group() {
        return RouteGroup.builder("console", "/console/")
                .notFound((method, path) ->
                        new ApiException("NotFoundException", 404, "No console route " + method + " " + path + "."))
                .methodNotAllowed((method, path, allowed) -> new ApiException(
                        "MethodNotAllowedException", 405, path + " takes " + RouteGroup.either(allowed) + "."))
                .get("/metrics", guarded(r -> page(PrometheusExport.CONTENT_TYPE, export.scrape())))
                .get("/console", this::index)
                .get("/console/", this::index)
                .get("/console/login", r -> asset("login.html"))
                .post("/console/login", this::login)
                .post("/console/logout", r -> redirect("/console/login", access.logout(r.header("Cookie"))))
                .get("/console/assets/{name:[a-z0-9-]+\\.(?:css|js|svg)}", r -> asset(r.parameter("name")))
                .get("/console/api/namespaces", guarded(r -> json(api.namespaces())))
                .get(
                        "/console/api/namespaces/{namespace}/services",
                        guarded(r -> json(api.services(r.parameter("namespace")))))
                .get(
                        "/console/api/namespaces/{namespace}/topology",
                        guarded(r -> json(api.topology(r.parameter("namespace")))))
                .get(SERVICE, guarded(r -> json(api.service(r.parameter("cluster"), r.parameter("service")))))
                .get(
                        SERVICE + "/traffic",
                        guarded(r -> json(api.traffic(r.parameter("cluster"), r.parameter("service"), slots(r)))))
                .get(SERVICE + "/events", guarded(r -> trafficEvents(r)))
                .build();
    }

    /** {@code handler}, answering only a caller {@link OperatorAccess} lets read. */
    private RouteHandler guarded(RouteHandler handler) {
        return request -> {
            access.requireReader(
                    request.header("Authorization"), request.header("Cookie"), request.method() + " " + request.path());
            return handler.handle(request);
        };
    }

    /** The console's page, or the login page when it needs a login and the browser has none. */
    private Reply index(RouteRequest request) {
        return access.mayBrowse(request.header("Cookie")) ? asset("index.html") : redirect("/console/login", null);
    }

    /** A login form's post ({@code accessKeyId}, {@code secretAccessKey}, form-encoded): a session cookie and the console. */
    private Reply login(RouteRequest request) {
        Map<String, java.util.List<String>> form = new io.netty.handler.codec.http.QueryStringDecoder(
                        new String(request.body(), java.nio.charset.StandardCharsets.UTF_8), false)
                .parameters();
        String id = form.getOrDefault("accessKeyId", java.util.List.of("")).get(0);
        String secret =
                form.getOrDefault("secretAccessKey", java.util.List.of("")).get(0);
        return redirect("/console", access.login(id, secret));
    }

    /** 303 See Other to {@code location}, setting {@code cookie} when not null. */
    private static Reply redirect(String location, String cookie) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Location", location);
        headers.put("Cache-Control", "no-cache");
        if (cookie != null) {
            headers.put("Set-Cookie", cookie);
        }
        return new Reply.Full(303, "text/plain; charset=utf-8", new byte[0], headers, null);
    }

    private Reply trafficEvents(RouteRequest request) {
        String cluster = request.parameter("cluster");
        String service = request.parameter("service");
        ObjectNode first = api.traffic(cluster, service, TrafficEvents.PAGE_SLOTS);
        events.reserve();
        return new Reply.Stream(
                ctx -> events.stream(ctx, first, () -> api.traffic(cluster, service, TrafficEvents.PAGE_SLOTS)));
    }

    private Reply asset(String name) {
        StaticAssets.Asset asset = assets.find(name)
                .orElseThrow(() -> new ApiException("NotFoundException", 404, "No console asset '" + name + "'."));
        return page(asset.contentType(), asset.body());
    }

    private static Reply json(ObjectNode body) {
        Reply.Full json = Reply.json(200, body);
        return page(json.contentType(), json.body());
    }

    private static Reply page(String contentType, byte[] body) {
        return new Reply.Full(200, contentType, body, Map.of("Cache-Control", "no-cache"), null);
    }

    private static int slots(RouteRequest request) {
        String raw = request.query().get("slots");
        if (raw == null) {
            return TrafficEvents.PAGE_SLOTS;
        }
        int max = (int) (MetricsWindow.WINDOW.toMillis() / MetricsWindow.RESOLUTION.toMillis());
        try {
            int slots = Integer.parseInt(raw);
            if (slots >= 1 && slots <= max) {
                return slots;
            }
        } catch (NumberFormatException e) {
            // not a number: answered below
        }
        throw new ApiException("InvalidParameterException", "slots: '" + raw + "' (expected: a number 1-" + max + ")");
    }
}
