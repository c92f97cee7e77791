package dev.svcconnect.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.logs.TaskLogLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {

    @TempDir
    Path dir;

    @Test
    void linesFullOfAnsiColoursAreShippedInBatchesThatFitTheControlPlaneOnceEncoded() throws Exception {
        String colour = "\u001b".repeat(200);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            written.add(i + " " + colour);
        }
        Path log = Files.writeString(dir.resolve("app.log"), String.join("\n", written) + "\n", StandardCharsets.UTF_8);
        List<TaskLogLines> batches = new CopyOnWriteArrayList<>();

        LogShipper.start("0f2c", Map.of("app", log), null, (task, lines) -> {
                    batches.add(lines);
                    return Delivery.DELIVERED;
                })
                .close();

        assertThat(batches)
                .allSatisfy(batch ->
                        assertThat(LogShipper.encodedSize(batch)).isLessThanOrEqualTo(LogShipper.MAX_ENCODED_BYTES));
        assertThat(batches.stream()
                        .flatMap(batch -> batch.containers().get("app").stream())
                        .toList())
                .isEqualTo(written);
    }

    @Test
    void aShipperStartedOnTheOffsetsAPreviousOneKeptShipsOnlyTheLinesWrittenSinceNoneTwice() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "one\ntwo\n", StandardCharsets.UTF_8);
        Path proxy = Files.writeString(dir.resolve("proxy.sidecar.log"), "proxy started\n", StandardCharsets.UTF_8);
        Path offsets = dir.resolve("logs.offsets");
        List<TaskLogLines> first = new CopyOnWriteArrayList<>();
        LogShipper.start(
                        "0f2c",
                        Map.of("app", log),
                        proxy,
                        (task, lines) -> {
                            first.add(lines);
                            return Delivery.DELIVERED;
                        },
                        offsets)
                .close();
        Files.writeString(log, "three\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        List<TaskLogLines> second = new CopyOnWriteArrayList<>();

        LogShipper.start(
                        "0f2c",
                        Map.of("app", log),
                        proxy,
                        (task, lines) -> {
                            second.add(lines);
                            return Delivery.DELIVERED;
                        },
                        offsets)
                .close();

        assertThat(first)
                .containsExactly(new TaskLogLines(Map.of("app", List.of("one", "two")), List.of("proxy started")));
        assertThat(second).containsExactly(new TaskLogLines(Map.of("app", List.of("three")), List.of()));
    }
}
