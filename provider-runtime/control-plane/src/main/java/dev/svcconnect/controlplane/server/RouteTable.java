package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every route of the control plane in one table: method + path pattern -> handler, contributed by
 * {@link RouteGroup}s. A request goes to the route whose method and pattern match; of two
 * patterns matching a path, the one with more literal text wins, then the one added first. A path
 * some route matches with another method is answered 405 (with {@code Allow}); any other path 404,
 * worded by the group with the longest prefix of the path.
 *
 * <pre>{@code
 * RouteTable table = RouteTable.of(List.of(root, watch, console));
 * RouteTable.Match match = table.match("GET", "/watch/v1/tasks/1f/proxy-config");
 * }</pre>
 */
final class RouteTable {

    /** The outcome of matching one request. */
    sealed interface Match {
        /** The group of the route, or of the paths, the request names. */
        RouteGroup group();
    }

    /** A route answers the request. */
    record Found(Route route, RouteGroup group, Map<String, String> parameters) implements Match {}

    /** Routes know the path, with other methods only. */
    record WrongMethod(RouteGroup group, List<String> allowed) implements Match {}

    /** No route knows the path. */
    record NotFound(RouteGroup group) implements Match {}

    private record Entry(Route route, RouteGroup group, int order) {}

    private final List<Entry> entries;
    /** The routes of literal patterns by their path: most requests are found without a regex. */
    private final Map<String, List<Entry>> literal;

    private final List<RouteGroup> groups;

    private RouteTable(List<Entry> entries, List<RouteGroup> groups) {
        this.entries = entries;
        this.groups = groups;
        Map<String, List<Entry>> byPath = new HashMap<>();
        for (Entry entry : entries) {
            if (entry.route().pattern().isLiteral()) {
                byPath.computeIfAbsent(entry.route().pattern().template(), p -> new ArrayList<>())
                        .add(entry);
            }
        }
        byPath.replaceAll((path, list) -> List.copyOf(list));
        this.literal = Map.copyOf(byPath);
    }

    /**
     * The table of these groups; one of them has the prefix {@code /} and words the 404 of every
     * path no other group claims.
     *
     * @throws IllegalArgumentException for two routes of the same method and pattern, or no {@code /} group
     */
    static RouteTable of(List<RouteGroup> groups) {
        requireNonNull(groups, "groups");
        if (groups.stream().noneMatch(g -> g.prefix().equals("/"))) {
            throw new IllegalArgumentException("groups: none has the prefix '/' (expected: one words every 404)");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RouteGroup group : groups) {
            for (Route route : group.routes()) {
                if (!seen.add(route.method() + " " + route.pattern().template())) {
                    throw new IllegalArgumentException("route " + route + " of group '" + group.name()
                            + "': already in the table (expected: each method and pattern once)");
                }
                entries.add(new Entry(route, group, entries.size()));
            }
        }
        entries.sort(Comparator.comparingInt((Entry e) -> -e.route().pattern().literalLength())
                .thenComparingInt(Entry::order));
        List<RouteGroup> byPrefix = new ArrayList<>(groups);
        byPrefix.sort(Comparator.comparingInt((RouteGroup g) -> -g.prefix().length()));
        return new RouteTable(List.copyOf(entries), List.copyOf(byPrefix));
    }

    /** Every route, most specific first. */
    List<Route> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    /** What answers {@code method} on {@code path}. */
    Match match(String method, String path) {
        for (Entry entry : literal.getOrDefault(path, List.of())) {
            if (entry.route().method().equals(method)) {
                return new Found(entry.route(), entry.group(), Map.of());
            }
        }
        List<String> allowed = new ArrayList<>();
        RouteGroup allowedBy = null;
        for (Entry entry : entries) {
            Optional<Map<String, String>> parameters = entry.route().pattern().match(path);
            if (parameters.isEmpty()) {
                continue;
            }
            if (entry.route().method().equals(method)) {
                return new Found(entry.route(), entry.group(), parameters.get());
            }
            if (!allowed.contains(entry.route().method())) {
                allowed.add(entry.route().method());
            }
            allowedBy = allowedBy == null ? entry.group() : allowedBy;
        }
        if (allowedBy != null) {
            return new WrongMethod(allowedBy, List.copyOf(allowed));
        }
        return new NotFound(groups.stream()
                .filter(g -> path.startsWith(g.prefix()))
                .findFirst()
                .orElseThrow());
    }
}
