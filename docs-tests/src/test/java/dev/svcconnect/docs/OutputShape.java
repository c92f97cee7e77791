package dev.svcconnect.docs;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shape of output lines, for comparing a document's output with a run's: task ids (32 hex
 * digits) become {@code ID}, numbers {@code N}, runs of blanks one space. A documented output then
 * stays true when the ids, ports, addresses, times and counts of a run differ, not when a line is
 * added, changed or no longer printed.
 */
final class OutputShape {

    private static final Pattern ID = Pattern.compile("\\b[0-9a-f]{32}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private OutputShape() {}

    /** The shape of one line. */
    static String of(String line) {
        String shape = ID.matcher(line).replaceAll("ID");
        shape = NUMBER.matcher(shape).replaceAll("N");
        return BLANKS.matcher(shape).replaceAll(" ").strip();
    }

    /** The lines of {@code documented} whose shape is no line of {@code printed}. */
    static List<String> missing(String documented, String printed) {
        Set<String> shapes = printed.lines().map(OutputShape::of).collect(Collectors.toSet());
        return documented
                .lines()
                .filter(l -> !l.isBlank())
                .filter(l -> !shapes.contains(of(l)))
                .toList();
    }
}
