package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What is made of a row is made again only when the row's text changed, for the rows in use, up to a bound. */
class RowMemoTest {

    private final List<String> made = new ArrayList<>();
    private long now;
    private final Function<String, String> make = text -> {
        made.add(text);
        return text.toUpperCase();
    };

    @Test
    void anUnchangedRowIsMadeOnce() {
        RowMemo<String> memo = new RowMemo<>(10, Duration.ofMinutes(1), () -> now);

        assertThat(memo.get("t-1", "{\"v\":1}", make)).isEqualTo("{\"V\":1}");
        assertThat(memo.get("t-1", "{\"v\":1}", make)).isEqualTo("{\"V\":1}");

        assertThat(made).containsExactly("{\"v\":1}");
    }

    @Test
    void aRowWhoseTextChangedIsMadeAgainEvenAtTheSameVersion() {
        RowMemo<String> memo = new RowMemo<>(10, Duration.ofMinutes(1), () -> now);
        memo.get("t-1", "{\"version\":1,\"a\":\"x\"}", make);

        assertThat(memo.get("t-1", "{\"version\":1,\"a\":\"y\"}", make)).isEqualTo("{\"VERSION\":1,\"A\":\"Y\"}");
        assertThat(made).hasSize(2);
    }

    @Test
    void rowsAskedForInTheSameOrderEveryTimeAreKeptUpToTheCapacityNotThrashed() {
        RowMemo<String> memo = new RowMemo<>(2, Duration.ofMinutes(1), () -> now);
        for (int refresh = 0; refresh < 3; refresh++) {
            for (String row : List.of("a", "b", "c")) {
                memo.get("t-" + row, row, make);
            }
        }

        assertThat(memo.size()).isEqualTo(2);
        assertThat(made)
                .as("a and b made once, c (over the capacity) every time")
                .containsExactly("a", "b", "c", "c", "c");
    }

    @Test
    void rowsNotAskedForWithinTheIdleTimeAreForgottenWhenRoomIsNeeded() {
        RowMemo<String> memo = new RowMemo<>(2, Duration.ofSeconds(60), () -> now);
        memo.get("t-1", "a", make);
        memo.get("t-2", "b", make);
        now += Duration.ofSeconds(30).toNanos();
        memo.get("t-1", "a", make);
        now += Duration.ofSeconds(40).toNanos();

        memo.get("t-3", "c", make);
        memo.get("t-3", "c", make);
        memo.get("t-1", "a", make);

        assertThat(memo.size()).isEqualTo(2);
        assertThat(made).as("t-2, idle for 70 s, made room for t-3").containsExactly("a", "b", "c");
        assertThatThrownBy(() -> new RowMemo<String>(0, Duration.ofMinutes(1))).hasMessageContaining("capacity 0");
    }
}
