package dev.svcconnect.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();

    private Path append(String text) throws Exception {
        Path file = dir.resolve("app.log");
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }

    private LogFile.Chunk readAndCommit(LogFile file) throws Exception {
        LogFile.Chunk chunk = file.read(256, 64 * 1024, false);
        file.commit(chunk);
        return chunk;
    }

    @Test
    void aMissingFileHasNoLinesYet() throws Exception {
        LogFile file = new LogFile(dir.resolve("app.log"), nanos::get);

        assertThat(file.read(256, 65536, true).lines()).isEmpty();
    }

    @Test
    void linesAreReadOnceCommittedAndAgainUntilThen() throws Exception {
        LogFile file = new LogFile(append("one\r\ntwo\n"), nanos::get);

        LogFile.Chunk unsent = file.read(256, 65536, false);
        assertThat(unsent.lines()).containsExactly("one", "two");
        assertThat(file.read(256, 65536, false).lines()).containsExactly("one", "two");

        file.commit(unsent);
        append("three\n");

        assertThat(readAndCommit(file).lines()).containsExactly("three");
        assertThat(readAndCommit(file).lines()).isEmpty();
        assertThat(file.offset()).isEqualTo(Files.size(dir.resolve("app.log")));
    }

    @Test
    void aLastLineWaitsForItsNewlineAtMostThreeSeconds() throws Exception {
        LogFile file = new LogFile(append("done\nhalf"), nanos::get);

        assertThat(readAndCommit(file).lines()).containsExactly("done");
        append(" a line");
        nanos.addAndGet(LogFile.PARTIAL_WAIT.toNanos() - 1);
        assertThat(readAndCommit(file).lines()).isEmpty();

        nanos.addAndGet(1);
        assertThat(readAndCommit(file).lines()).containsExactly("half a line");
        append("\nnext\n");
        assertThat(readAndCommit(file).lines()).containsExactly("", "next");
    }

    @Test
    void aLastLineWithoutItsNewlineIsShippedAtOnceOnFlush() throws Exception {
        LogFile file = new LogFile(append("exiting"), nanos::get);

        assertThat(file.read(256, 65536, true).lines()).containsExactly("exiting");
    }

    @Test
    void aLongLineIsCutOnACharacterBoundaryAndItsRestDropped() throws Exception {
        String euro = "\u20ac";
        String longLine = "a".repeat(LogFile.MAX_LINE_BYTES - 2) + euro + "b".repeat(10_000);
        LogFile file = new LogFile(append(longLine + "\nafter\n"), nanos::get);

        LogFile.Chunk chunk = readAndCommit(file);

        assertThat(chunk.lines()).containsExactly("a".repeat(LogFile.MAX_LINE_BYTES - 2), "after");
    }

    @Test
    void aLongLineStillBeingWrittenIsCutAtOnceAndItsRestDroppedWhenItComes() throws Exception {
        LogFile file = new LogFile(append("x".repeat(LogFile.MAX_LINE_BYTES + 100)), nanos::get);

        assertThat(readAndCommit(file).lines()).containsExactly("x".repeat(LogFile.MAX_LINE_BYTES));
        append("x".repeat(100_000));
        assertThat(readAndCommit(file).lines()).isEmpty();
        assertThat(readAndCommit(file).lines()).isEmpty();
        append("xx\nshort\n");
        assertThat(readAndCommit(file).lines()).containsExactly("short");
    }

    @Test
    void aReadStopsAtItsLineAndByteBudget() throws Exception {
        LogFile file = new LogFile(append("11111\n22222\n33333\n44444\n"), nanos::get);

        assertThat(file.read(2, 65536, false).lines()).containsExactly("11111", "22222");
        LogFile.Chunk byBytes = file.read(10, 12, false);
        assertThat(byBytes.lines()).containsExactly("11111", "22222");
        assertThat(byBytes.bytes()).isEqualTo(10);
        file.commit(byBytes);
        assertThat(readAndCommit(file).lines()).containsExactly("33333", "44444");
    }

    @Test
    void aTruncatedOrReplacedFileIsReadFromItsStart() throws Exception {
        Path path = append("first life, a long line\n");
        LogFile file = new LogFile(path, nanos::get);
        readAndCommit(file);

        Files.writeString(path, "truncated\n");
        assertThat(readAndCommit(file).lines()).containsExactly("truncated");

        Path rotated = dir.resolve("new.log");
        Files.writeString(rotated, "rotated, and longer than what was shipped\n");
        Files.move(rotated, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(readAndCommit(file).lines()).containsExactly("rotated, and longer than what was shipped");
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws Exception {
        Path path = dir.resolve("app.log");
        Files.write(path, new byte[] {'o', 'k', (byte) 0xff, '\n'});
        LogFile file = new LogFile(path, nanos::get);

        assertThat(readAndCommit(file).lines()).containsExactly("ok\ufffd");
    }
}
