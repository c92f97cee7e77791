package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static RouteHandler answering(String text) {
        return r -> Reply.of(200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    private static RouteGroup.Builder group(String name, String prefix) {
        return RouteGroup.builder(name, prefix)
                .notFound((method, path) -> new ApiException("NotFound", 404, name + " has no " + method + " " + path))
                .methodNotAllowed((method, path, allowed) -> new ApiException(
                        "MethodNotAllowed", 405, name + ": " + path + " takes " + RouteGroup.either(allowed)));
    }

    private final RouteGroup root = group("root", "/")
            .post("/", answering("aws"))
            .get("/health", answering("health"))
            .build();
    private final RouteGroup stacks = group("stacks", "/local/v1/")
            .get("/local/v1/stacks", answering("list"))
            .get("/local/v1/stacks/{name:[A-Za-z][A-Za-z0-9-]*}", answering("get"))
            .put("/local/v1/stacks/{name:[A-Za-z][A-Za-z0-9-]*}", answering("put"))
            .delete("/local/v1/stacks/{name:[A-Za-z][A-Za-z0-9-]*}", answering("delete"))
            .build();
    private final RouteGroup console = group("console", "/console/")
            .get("/console/api/clusters/{cluster}/services/{service}", answering("service"))
            .get("/console/api/clusters/{cluster}/services/summary", answering("summary"))
            .get("/metrics", answering("metrics"))
            .build();
    private final RouteTable table = RouteTable.of(List.of(root, stacks, console));

    private static String text(RouteTable.Match match) {
        RouteTable.Found found = (RouteTable.Found) match;
        Reply.Full reply = (Reply.Full) found.route()
                .handler()
                .handle(new RouteRequest("GET", "/", found.parameters(), Map.of(), Map.of(), new byte[0], "id", "/"));
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aRequestGoesToTheRouteOfItsMethodAndPathWithItsParameters() {
        RouteTable.Match match = table.match("PUT", "/local/v1/stacks/Apps");

        assertThat(match).isInstanceOf(RouteTable.Found.class);
        RouteTable.Found found = (RouteTable.Found) match;
        assertThat(found.route()).hasToString("PUT /local/v1/stacks/{name:[A-Za-z][A-Za-z0-9-]*}");
        assertThat(found.group()).isSameAs(stacks);
        assertThat(found.parameters()).containsExactly(Map.entry("name", "Apps"));
        assertThat(text(match)).isEqualTo("put");
        assertThat(text(table.match("POST", "/"))).isEqualTo("aws");
    }

    @Test
    void aKnownPathAskedWithAnotherMethodIsAWrongMethodListingEveryAllowedOneInOrder() {
        assertThat(table.match("POST", "/local/v1/stacks/Apps"))
                .isEqualTo(new RouteTable.WrongMethod(stacks, List.of("GET", "PUT", "DELETE")));
        assertThat(table.match("GET", "/")).isEqualTo(new RouteTable.WrongMethod(root, List.of("POST")));
        assertThat(RouteGroup.either(List.of("GET", "PUT", "DELETE"))).isEqualTo("GET, PUT or DELETE");
        assertThat(RouteGroup.either(List.of("GET"))).isEqualTo("GET");
    }

    @Test
    void anUnknownPathIsNotFoundInTheGroupOfTheLongestPrefix() {
        assertThat(table.match("GET", "/local/v1/stacks/9bad")).isEqualTo(new RouteTable.NotFound(stacks));
        assertThat(table.match("GET", "/console/api/nope")).isEqualTo(new RouteTable.NotFound(console));
        assertThat(table.match("GET", "/metrics/")).isEqualTo(new RouteTable.NotFound(root));
        assertThat(table.match("GET", "/nope")).isEqualTo(new RouteTable.NotFound(root));
    }

    @Test
    void aPathThatTwoPatternsMatchGoesToTheOneWithMoreLiteralText() {
        assertThat(text(table.match("GET", "/console/api/clusters/east/services/summary")))
                .isEqualTo("summary");
        assertThat(text(table.match("GET", "/console/api/clusters/east/services/webui")))
                .isEqualTo("service");
        assertThat(table.routes().get(0)).hasToString("GET /console/api/clusters/{cluster}/services/summary");
    }

    @Test
    void aLiteralPathWinsOverAPatternAddedBeforeIt() {
        RouteGroup items = group("root", "/")
                .get("/items/{name}", answering("any"))
                .getInline("/items/new", answering("form"))
                .build();
        RouteTable table = RouteTable.of(List.of(items));

        RouteTable.Found form = (RouteTable.Found) table.match("GET", "/items/new");
        assertThat(text(form)).isEqualTo("form");
        assertThat(form.route().inline()).isTrue();
        assertThat(text(table.match("GET", "/items/old"))).isEqualTo("any");
        assertThat(table.match("POST", "/items/new")).isEqualTo(new RouteTable.WrongMethod(items, List.of("GET")));
    }

    @Test
    void ofTwoEquallySpecificPatternsTheOneAddedFirstWins() {
        RouteTable both = RouteTable.of(List.of(group("root", "/")
                .get("/items/{id:[0-9]+}", answering("number"))
                .get("/items/{name:[a-z0-9]+}", answering("name"))
                .build()));

        assertThat(text(both.match("GET", "/items/42"))).isEqualTo("number");
        assertThat(text(both.match("GET", "/items/x42"))).isEqualTo("name");
    }

    @Test
    void aRouteTwiceOrNoRootGroupIsRefused() {
        RouteGroup twice = group("root", "/")
                .get("/health", answering("a"))
                .get("/health", answering("b"))
                .build();
        assertThatThrownBy(() -> RouteTable.of(List.of(twice)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "route GET /health of group 'root': already in the table (expected: each method and pattern once)");
        assertThatThrownBy(() -> RouteTable.of(List.of(stacks)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("groups: none has the prefix '/' (expected: one words every 404)");
    }
}
