package dev.svcconnect.controlplane.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's path: literal text with named parameters, each one path segment by default or what its
 * own expression allows: {@code /watch/v1/hosts/{hostId:[0-9a-f]{1,64}}/tasks},
 * {@code /console/api/namespaces/{namespace}/services}. Immutable.
 */
final class PathPattern {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
    private static final String SEGMENT = "[^/]+";

    private final String template;
    private final List<String> parameters;
    private final Pattern regex;
    private final int literalLength;
    private final String literalPrefix;

    private PathPattern(String template, List<String> parameters, Pattern regex, int literalLength) {
        this.template = template;
        this.parameters = List.copyOf(parameters);
        this.regex = regex;
        this.literalLength = literalLength;
        int brace = template.indexOf('{');
        this.literalPrefix = brace < 0 ? template : template.substring(0, brace);
    }

    /** The pattern as written. */
    public String template() {
        return template;
    }

    /** The parameter names, in order. */
    public List<String> parameters() {
        return parameters;
    }

    /** Whether the pattern is literal text only: it matches exactly one path, its template. */
    public boolean isLiteral() {
        return parameters.isEmpty();
    }

    /** How many characters of the template are literal: of two patterns matching a path, the longer wins. */
    public int literalLength() {
        return literalLength;
    }

    /**
     * Compiles a template.
     *
     * @throws IllegalArgumentException naming the template and what is wrong in it
     */
    public static PathPattern of(String template) {
        requireNonNull(template, "template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path pattern: '" + template + "' (expected: starting with '/')");
        }
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        int literal = 0;
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int end = open < 0 ? template.length() : open;
            if (end > i) {
                regex.append(Pattern.quote(template.substring(i, end)));
                literal += end - i;
            }
            if (open < 0) {
                break;
            }
            int close = closingBrace(template, open);
            String parameter = template.substring(open + 1, close);
            int colon = parameter.indexOf(':');
            String name = colon < 0 ? parameter : parameter.substring(0, colon);
            String expression = colon < 0 ? SEGMENT : parameter.substring(colon + 1);
            if (!NAME.matcher(name).matches() || names.contains(name) || expression.isEmpty()) {
                throw new IllegalArgumentException("path pattern: '" + template + "' has a bad parameter '{" + parameter
                        + "}' (expected: {name} or {name:regex}, each name once, letters and digits)");
            }
            names.add(name);
            regex.append("(?<").append(name).append(">").append(expression).append(")");
            i = close + 1;
        }
        return new PathPattern(template, names, Pattern.compile(regex.toString()), literal);
    }

    private static int closingBrace(String template, int open) {
        int depth = 0;
        for (int i = open; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "path pattern: '" + template + "' (expected: a '}' closing the '{' at " + open + ")");
    }

    /** The parameters of {@code path}, by name, if it matches the whole pattern. */
    public Optional<Map<String, String>> match(String path) {
        if (!path.startsWith(literalPrefix)) {
            return Optional.empty();
        }
        Matcher m = regex.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : parameters) {
            values.put(name, m.group(name));
        }
        return Optional.of(values);
    }

    @Override
    public String toString() {
        return template;
    }
}
