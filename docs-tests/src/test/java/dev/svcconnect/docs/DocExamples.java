package dev.svcconnect.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the examples of a Markdown document. A marker on the line before a fenced block says what
 * the docs test does with it:
 *
 * <pre>
 * &lt;!-- doc-test: run; expect: {"status":"ok"} --&gt;
 * &lt;!-- doc-test: interrupt; expect: Running; then: done: no stack; timeout: 300 --&gt;
 * &lt;!-- doc-test: compile ShopApp; expect: Custom::SvcConnectService --&gt;
 * &lt;!-- doc-test: output --&gt;
 * &lt;!-- doc-test: skip the synopsis of the options --&gt;
 * </pre>
 *
 * Values end at the next {@code ;}. Every {@code expect} and {@code then} must be shown by the
 * document outside its comments: the test checks what a reader sees.
 */
final class DocExamples {

    private static final Pattern MARKER = Pattern.compile("\\s*<!-- doc-test: (.*) -->\\s*");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private DocExamples() {}

    /** The marked examples of {@code file}, in order; unmarked fenced blocks when {@code unmarked} is given. */
    static List<DocExample> read(Path file, List<String> unmarked) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String visible = COMMENT.matcher(String.join("\n", lines)).replaceAll("");
        List<DocExample> examples = new ArrayList<>();
        String marker = null;
        int markerLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher matcher = MARKER.matcher(line);
            if (matcher.matches()) {
                marker = matcher.group(1);
                markerLine = i + 1;
                continue;
            }
            if (!line.startsWith("```")) {
                marker = null;
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            String code = String.join("\n", lines.subList(i + 1, Math.min(end, lines.size()))) + "\n";
            if (marker == null) {
                unmarked.add(file.getFileName() + ":" + (i + 1));
            } else {
                DocExample example = parse(file, markerLine, marker, code);
                requireShown(example, example.expect(), visible);
                requireShown(example, example.then(), visible);
                examples.add(example);
            }
            marker = null;
            i = end;
        }
        return examples;
    }

    private static DocExample parse(Path file, int line, String marker, String code) {
        String[] parts = marker.split(";");
        String head = parts[0].strip();
        int space = head.indexOf(' ');
        String kindName = space < 0 ? head : head.substring(0, space);
        String argument = space < 0 ? "" : head.substring(space + 1).strip();
        DocExample.Kind kind;
        try {
            kind = DocExample.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.getFileName() + ":" + line + ": doc-test kind '" + kindName
                    + "' (expected: run, interrupt, compile, output or skip)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int p = 1; p < parts.length; p++) {
            String part = parts[p].strip();
            int colon = part.indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException(
                        file.getFileName() + ":" + line + ": doc-test '" + part + "' (expected: KEY: VALUE)");
            }
            values.put(part.substring(0, colon), part.substring(colon + 2));
        }
        Duration timeout = values.containsKey("timeout")
                ? Duration.ofSeconds(Long.parseLong(values.get("timeout")))
                : DEFAULT_TIMEOUT;
        return new DocExample(file, line, kind, argument, code, values.get("expect"), values.get("then"), timeout);
    }

    private static void requireShown(DocExample example, String text, String visible) {
        if (text != null && !visible.contains(text)) {
            throw new IllegalArgumentException(example.where() + ": doc-test expects '" + text
                    + "', which the document does not show: show the output it checks");
        }
    }
}
