package dev.svcconnect.controlplane.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.logs.TaskLogLines;
import dev.svcconnect.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogTailsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-27T10:00:00Z"));

    private static TaskLogLines app(String... lines) {
        return new TaskLogLines(Map.of("app", List.of(lines)), List.of());
    }

    private static TaskLogLines proxy(String... lines) {
        return new TaskLogLines(Map.of(), List.of(lines));
    }

    @Test
    void eachStreamKeepsItsLastLinesInTheOrderTheyCame() {
        LogTails tails = new LogTails(clock, 3, 10, 1 << 20, Duration.ofMinutes(5));

        tails.append("t1", app("a1", "a2"));
        tails.append(
                "t1", new TaskLogLines(Map.of("app", List.of("a3", "a4"), "sidecar", List.of("s1")), List.of("p1")));
        tails.append("t1", proxy("p2"));

        TaskLogLines tail = tails.tail("t1");
        assertThat(tail.containers())
                .containsExactly(Map.entry("app", List.of("a2", "a3", "a4")), Map.entry("sidecar", List.of("s1")));
        assertThat(tail.proxy()).containsExactly("p1", "p2");
        assertThat(tails.chars()).isEqualTo(3 * 2 + 2 + 2 * 2);
    }

    @Test
    void aPushOfMoreLinesThanAStreamKeepsOnlyItsLast() {
        LogTails tails = new LogTails(clock, 3, 10, 1 << 20, Duration.ofMinutes(5));

        tails.append("t1", app(IntStream.range(0, 10).mapToObj(i -> "line " + i).toArray(String[]::new)));

        assertThat(tails.tail("t1").containers().get("app")).containsExactly("line 7", "line 8", "line 9");
        assertThat(tails.chars()).isEqualTo(18);
    }

    @Test
    void aLineLongerThanTheLimitIsCutWithoutSplittingACharacter() {
        LogTails tails = LogTails.withDefaults(clock);
        String emoji = "\uD83D\uDE00";

        tails.append("t1", app("x".repeat(TaskLogLines.MAX_LINE_CHARS - 1) + emoji + "tail", "y".repeat(5000)));

        List<String> lines = tails.tail("t1").containers().get("app");
        assertThat(lines.get(0)).isEqualTo("x".repeat(TaskLogLines.MAX_LINE_CHARS - 1));
        assertThat(lines.get(1)).hasSize(TaskLogLines.MAX_LINE_CHARS);
    }

    @Test
    void beyondTheTaskCapTheTaskWrittenLeastRecentlyIsForgotten() {
        LogTails tails = new LogTails(clock, 100, 2, 1 << 20, Duration.ofMinutes(5));
        tails.append("t1", app("one"));
        tails.append("t2", app("two"));
        tails.append("t1", app("one again"));

        tails.append("t3", app("three"));

        assertThat(tails.taskIds()).containsExactlyInAnyOrder("t1", "t3");
        assertThat(tails.tail("t2")).isEqualTo(TaskLogLines.empty());
        assertThat(tails.chars()).isEqualTo("one".length() + "one again".length() + "three".length());
    }

    @Test
    void beyondTheCharacterCapOlderTasksAreForgottenUntilItFits() {
        LogTails tails = new LogTails(clock, 100, 100, 10_000, Duration.ofMinutes(5));
        tails.append("t1", app("a".repeat(4000)));
        tails.append("t2", app("b".repeat(4000)));

        tails.append("t3", app("c".repeat(4000)));

        assertThat(tails.taskIds()).containsExactlyInAnyOrder("t2", "t3");
        assertThat(tails.chars()).isEqualTo(8000);
    }

    @Test
    void aStoppedTaskIsForgottenExactlyAtTheEndOfTheRetention() {
        LogTails tails = new LogTails(clock, 100, 10, 1 << 20, Duration.ofMinutes(5));
        tails.append("stopped", app("bye"));
        tails.append("running", app("hi"));
        tails.stopped("stopped");
        clock.advance(Duration.ofMinutes(4));
        tails.stopped("stopped");
        clock.advance(Duration.ofMinutes(1).minusMillis(1));

        assertThat(tails.sweep()).isZero();
        assertThat(tails.contains("stopped")).isTrue();

        clock.advance(Duration.ofMillis(1));
        tails.append("stopped", app("a last line, shipped after the stop"));

        assertThat(tails.sweep()).isOne();
        assertThat(tails.taskIds()).containsExactly("running");
        assertThat(tails.chars()).isEqualTo(2);
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new LogTails(clock, 0, 1, 1 << 20, Duration.ZERO))
                .hasMessage("linesPerStream: 0 (expected: 1 or more)");
        assertThatThrownBy(() -> new LogTails(clock, 1, 0, 1 << 20, Duration.ZERO))
                .hasMessage("maxTasks: 0 (expected: 1 or more)");
        assertThatThrownBy(() -> new LogTails(clock, 1, 1, 10, Duration.ZERO))
                .hasMessage("maxChars: 10 (expected: 4096 or more)");
    }
}
