package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What is made of a row is made again only when the row's text changed, for a bounded number of rows. */
class RowMemoTest {

    private final List<String> made = new ArrayList<>();
    private final Function<String, String> make = text -> {
        made.add(text);
        return text.toUpperCase();
    };

    @Test
    void anUnchangedRowIsMadeOnce() {
        RowMemo<String> memo = new RowMemo<>(10);

        assertThat(memo.get("t-1", "{\"v\":1}", make)).isEqualTo("{\"V\":1}");
        assertThat(memo.get("t-1", "{\"v\":1}", make)).isEqualTo("{\"V\":1}");

        assertThat(made).containsExactly("{\"v\":1}");
    }

    @Test
    void aRowWhoseTextChangedIsMadeAgainEvenAtTheSameVersion() {
        RowMemo<String> memo = new RowMemo<>(10);
        memo.get("t-1", "{\"version\":1,\"a\":\"x\"}", make);

        assertThat(memo.get("t-1", "{\"version\":1,\"a\":\"y\"}", make)).isEqualTo("{\"VERSION\":1,\"A\":\"Y\"}");
        assertThat(made).hasSize(2);
    }

    @Test
    void theLeastRecentlyUsedRowsAreForgottenBeyondTheCapacity() {
        RowMemo<String> memo = new RowMemo<>(2);
        memo.get("t-1", "a", make);
        memo.get("t-2", "b", make);
        memo.get("t-1", "a", make);
        memo.get("t-3", "c", make);

        assertThat(memo.size()).isEqualTo(2);
        memo.get("t-1", "a", make);
        memo.get("t-2", "b", make);
        assertThat(made).containsExactly("a", "b", "c", "b");
        assertThatThrownBy(() -> new RowMemo<String>(0)).hasMessageContaining("capacity 0");
    }
}
