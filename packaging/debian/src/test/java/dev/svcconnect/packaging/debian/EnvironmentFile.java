package dev.svcconnect.packaging.debian;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file named by {@code EnvironmentFile=}, and the expansion of a command line with it as systemd
 * does for {@code ExecStart=}: {@code ${NAME}} stands for exactly one argument (empty if unset),
 * {@code $NAME} for its value split on white space (no argument if empty).
 */
record EnvironmentFile(Map<String, String> variables) {

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");
    private static final Pattern WHOLE_WORD_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern SPLIT_VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

    static EnvironmentFile parse(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                throw new IllegalArgumentException("not a NAME=value line: " + line);
            }
            variables.put(assignment.group(1), unquote(assignment.group(2).strip()));
        }
        return new EnvironmentFile(Map.copyOf(variables));
    }

    /** The arguments {@code commandLine} stands for (words without quotes, as the units write them). */
    List<String> expand(String commandLine) {
        List<String> arguments = new ArrayList<>();
        for (String word : commandLine.strip().split("\\s+")) {
            Matcher split = SPLIT_VARIABLE.matcher(word);
            if (split.matches()) {
                String value = variables.getOrDefault(split.group(1), "").strip();
                if (!value.isEmpty()) {
                    arguments.addAll(List.of(value.split("\\s+")));
                }
                continue;
            }
            arguments.add(WHOLE_WORD_VARIABLE
                    .matcher(word)
                    .replaceAll(m -> Matcher.quoteReplacement(variables.getOrDefault(m.group(1), ""))));
        }
        return arguments;
    }

    /** The names {@code commandLine} refers to, in either form. */
    static List<String> referencedNames(String commandLine) {
        return Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?")
                .matcher(commandLine)
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
